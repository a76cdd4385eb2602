"""Not test support: `testing_notes` is no test folder, and importing a module of that
name does not make one."""
import sqlite3

from app.backends import testing_names


def drop(conn: sqlite3.Connection, table):
    # expect: sql-injection@32
    conn.execute(f"DROP TABLE {table}")
    # expect: select-star@33
    return conn.execute("SELECT * FROM orders LIMIT 5").fetchall()
