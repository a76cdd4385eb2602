"""Reads of every row, judged by the planner's row estimate (`--explain-min-rows`, 10,000):
orders has 200,000 rows, customers 50,000, audit_log 120,000, countries 10."""

import psycopg
from sqlalchemy import text


def shipped(conn):
    cur = conn.cursor()
    cur.execute("SELECT id, total FROM orders WHERE status = 'shipped'")
    # expect: unbounded-fetch
    return cur.fetchall()


def of_region(conn, region):
    # A generic plan: one region of five is ~40,000 rows.
    # expect: unbounded-fetch
    return conn.execute("SELECT id FROM orders WHERE region = %s", (region,)).fetchall()


def of_country(conn, country):
    # The same shape, ~5,000 rows: few enough.
    # ok: unbounded-fetch
    return conn.execute("SELECT id FROM customers WHERE country = %s", (country,)).fetchall()


def audit(conn):
    cur = conn.cursor()
    # The static finding (no WHERE) gives way to the planner's, with its estimate.
    cur.execute("SELECT id, actor FROM audit_log")
    # expect: unbounded-fetch
    for row in cur:
        print(row)


def countries(conn):
    # Read whole, and small: the static finding is dropped.
    cur = conn.cursor()
    cur.execute("SELECT code, name FROM countries")
    # ok: unbounded-fetch
    return cur.fetchall()


def first_shipped(conn, n):
    # A LIMIT bounds the rows, whatever the generic plan estimates for `$1`.
    sql = "SELECT id FROM orders WHERE status = 'shipped' LIMIT %s"
    # ok: unbounded-fetch
    return conn.execute(sql, (n,)).fetchall()


def streamed(conn):
    # A server-side cursor iterated reads the rows as they come.
    cur = conn.cursor(name="shipped")
    cur.execute("SELECT id FROM orders WHERE status = 'shipped'")
    # ok: unbounded-fetch
    for row in cur:
        print(row)


def streamed_then_held(conn):
    # `fetchall()` of a server-side cursor still holds every row at once.
    cur = conn.cursor(name="shipped")
    cur.execute("SELECT id FROM orders WHERE status = 'shipped'")
    # expect: unbounded-fetch
    return cur.fetchall()


def folded(conn):
    # Not planned (planning may run slow_constant()): the static finding stays.
    cur = conn.cursor()
    cur.execute("SELECT code, slow_constant() FROM countries")  # expect: not-explained
    # expect: unbounded-fetch
    return cur.fetchall()


def audit_text(engine):
    with engine.connect() as conn:
        # expect: unbounded-fetch
        return conn.execute(text("SELECT id, action FROM audit_log WHERE action = 'login'")).all()
