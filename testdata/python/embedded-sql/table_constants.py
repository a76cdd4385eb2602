"""A finding about a statement points at the statement, not at the constant that names
its table."""
import sqlite3

TABLE = "orders"


def copy(cur: sqlite3.Cursor):
    table = "archive"
    # expect: insert-without-columns@19
    cur.execute(f"INSERT INTO {TABLE} VALUES (1, 2)")
    # expect: insert-without-columns@19
    cur.execute(f"INSERT INTO {table} VALUES (1, 2)")
    # expect: insert-without-columns@12
    sql = "INSERT INTO " + table + " VALUES (?, ?)"
    cur.execute(sql, (1, 2))
    # ok: insert-without-columns
    cur.execute(f"INSERT INTO {TABLE} (id, total) VALUES (1, 2)")
