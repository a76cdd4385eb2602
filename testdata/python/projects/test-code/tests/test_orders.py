import sqlite3

import psycopg2


def test_reads_every_order(conn: sqlite3.Connection):
    conn.execute("INSERT INTO orders VALUES (1, 10)")
    # Tests read whole tables and write rows without column lists on purpose.
    # ok: unbounded-fetch, select-star
    rows = conn.execute("SELECT * FROM orders").fetchall()
    assert rows == [(1, 10)]


def test_connects_per_case():
    for dsn in ["a", "b"]:
        # ok: connection-in-loop, hardcoded-credentials
        psycopg2.connect(dsn, password="x").close()


def test_injection_is_still_reported(conn: sqlite3.Connection, name):
    # A test that builds SQL from a value still shows how the code does it.
    # expect: sql-injection@57
    conn.execute(f"SELECT id FROM orders WHERE name = '{name}'")
