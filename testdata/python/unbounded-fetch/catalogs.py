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
