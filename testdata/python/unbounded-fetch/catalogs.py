import sqlite3

import pandas as pd
import psycopg

conn = sqlite3.connect("app.db")


def table_names():
    # The catalog is read whole on purpose: it lists what exists.
    # ok: unbounded-fetch
    return conn.execute("SELECT name FROM sqlite_master").fetchall()


def columns(pg: psycopg.Connection):
    cur = pg.cursor()
    cur.execute("SELECT table_name, column_name FROM information_schema.columns")
    # ok: unbounded-fetch
    return cur.fetchall()


def settings(pg: psycopg.Connection):
    # ok: unbounded-fetch
    return pd.read_sql("SELECT name, setting FROM pg_catalog.pg_settings", pg)


def jobs():
    # An application table is still read whole.
    # expect: unbounded-fetch@12
    return conn.execute("SELECT id, name FROM jobs").fetchall()


def oracle_tables(cursor):
    # Oracle's data dictionary views list what exists.
    cursor.execute("""
        SELECT table_name, 't' FROM user_tables
        UNION ALL
        SELECT view_name, 'v' FROM user_views
    """)
    # ok: unbounded-fetch
    return cursor.fetchall()


def sessions(cursor):
    cursor.execute("SELECT sid, username FROM v$session")
    # ok: unbounded-fetch
    return cursor.fetchall()


def references(table):
    # A recursive walk of the catalog from one table: its seed is one row.
    query = """
        WITH tables AS (
            SELECT ? name
            UNION
            SELECT sqlite_master.name FROM sqlite_master JOIN tables ON instr(sql, tables.name) > 0
        ) SELECT name FROM tables
    """
    # ok: unbounded-fetch
    return conn.execute(query, (table,)).fetchall()


def user_profiles():
    # A table named like a dictionary view's prefix is still an application table.
    # expect: unbounded-fetch@12
    return conn.execute("SELECT id FROM user_profiles").fetchall()


def joined_to_filtered(org):
    # An inner join with filtered rows keeps only the rows that match them.
    sql = "SELECT e.id FROM events e JOIN (SELECT id FROM users WHERE org = ?) u ON u.id = e.user_id"
    # ok: unbounded-fetch
    return conn.execute(sql, (org,)).fetchall()


def through_a_whole_cte():
    # expect: unbounded-fetch@12
    return conn.execute("WITH e AS (SELECT id FROM events) SELECT id FROM e").fetchall()
