import sqlite3

import psycopg2
from sqlalchemy import create_engine


def per_item(paths):
    for path in paths:
        # expect: connection-in-loop@14
        with sqlite3.connect(path) as conn:
            # A probe that reads no table is no N+1.
            # ok: n-plus-one
            conn.execute("SELECT 1")


def per_request(requests):
    while requests:
        # expect: connection-in-loop@18
        engine = create_engine("postgresql://app@db/app")
        requests.pop().handle(engine)


def once(items):
    # ok: connection-in-loop
    conn = psycopg2.connect("dbname=app")
    for item in items:
        # ok: n-plus-one
        conn.cursor().execute("SELECT %s", (item,))


def per_configured_database():
    for dsn in ["dbname=app", "dbname=audit"]:
        # ok: connection-in-loop
        psycopg2.connect(dsn).close()
