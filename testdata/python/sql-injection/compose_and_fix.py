"""psycopg.sql.SQL built by formatting; and the mechanical fix."""
import psycopg
from psycopg import sql


def compose(conn: psycopg.Connection, table):
    # expect: sql-injection
    query = sql.SQL(f"SELECT id FROM {table}")
    conn.execute(query)


def fixable(conn: psycopg.Connection, user_id, name):
    cur = conn.cursor()
    # expect: sql-injection, sql-injection
    cur.execute(f"SELECT id FROM users WHERE id = {user_id} AND name = '{name}'")


def keyword_position(conn: psycopg.Connection, mode):
    cur = conn.cursor()
    # expect: sql-injection
    cur.execute(f"BEGIN {mode}")
