import os
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


def test_fixture_values_are_the_harness_own(conn: sqlite3.Connection, name):
    # `name` is a fixture: the test harness's own value, not an attacker's.
    # ok: sql-injection
    conn.execute(f"SELECT id FROM orders WHERE name = '{name}'")
    for table in conn.execute("SELECT name FROM sqlite_master").fetchall():
        # ok: sql-injection (a name read back from the test database)
        conn.execute(f"DROP TABLE {table[0]}")


def test_input_from_outside_is_still_reported(conn: sqlite3.Connection):
    # What comes from outside the code is injection in a test too.
    # expect: sql-injection@57
    conn.execute(f"SELECT id FROM orders WHERE name = '{input()}'")
    schema = os.environ["TEST_SCHEMA"]
    # expect: sql-injection@36
    conn.execute(f"SELECT id FROM {schema}.orders")


def test_one_row_per_case(conn: sqlite3.Connection, rows):
    for row in rows:
        # Fixture rows are written one by one on purpose.
        # ok: n-plus-one
        conn.execute("INSERT INTO orders VALUES (?, ?)", row)
