import sqlite3

import psycopg2
from sqlalchemy import create_engine


def per_item(paths):
    for path in paths:
        # expect: connection-in-loop@14
        with sqlite3.connect(path) as conn:
            # expect: n-plus-one@13
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
        # expect: n-plus-one@9
        conn.cursor().execute("SELECT %s", (item,))


def per_configured_database():
    for dsn in ["dbname=app", "dbname=audit"]:
        # ok: connection-in-loop
        psycopg2.connect(dsn).close()
