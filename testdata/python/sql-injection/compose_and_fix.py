"""psycopg.sql.SQL built by formatting; and the mechanical fix."""
import psycopg
from psycopg import sql


def compose(conn: psycopg.Connection, table):
    # expect: sql-injection@39
    query = sql.SQL(f"SELECT id FROM {table}")
    conn.execute(query)


def fixable(conn: psycopg.Connection, user_id, name):
    cur = conn.cursor()
    # one finding per query: `name` is a secondary label, and the fix parameterizes both
    # expect: sql-injection@52
    cur.execute(f"SELECT id FROM users WHERE id = {user_id} AND name = '{name}'")


def keyword_position(conn: psycopg.Connection, mode):
    cur = conn.cursor()
    # expect: sql-injection@26
    cur.execute(f"BEGIN {mode}")
