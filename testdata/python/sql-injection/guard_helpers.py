"""A same-module helper that raises unless a name is valid trusts the name after the call."""
import re
import sqlite3

SORTABLE = {"name", "created_at"}


def _validate_name(name):
    if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name):
        raise ValueError(f"bad name: {name}")


def _validate_sort(column):
    if column not in SORTABLE:
        raise ValueError(column)


def _log_name(name):
    print("sorting by", name)


def _strip(name):
    name = name.strip()
    if not name:
        raise ValueError("empty")


def by_table(conn: sqlite3.Connection, table):
    _validate_name(table)
    return conn.execute(f"SELECT id FROM {table} LIMIT 10").fetchall()  # ok: validated


def sorted_users(conn: sqlite3.Connection, column):
    _validate_sort(column)
    return conn.execute(f"SELECT id FROM users ORDER BY {column} LIMIT 10").fetchall()  # ok: allow-listed


def logged_only(conn: sqlite3.Connection, column):
    _log_name(column)
    return conn.execute(f"SELECT id FROM users ORDER BY {column} LIMIT 10").fetchall()  # expect: sql-injection@58


def stripped_only(conn: sqlite3.Connection, column):
    _strip(column)
    return conn.execute(f"SELECT id FROM users ORDER BY {column} LIMIT 10").fetchall()  # expect: sql-injection@58


def validated_too_late(conn: sqlite3.Connection, table):
    rows = conn.execute(f"SELECT id FROM {table} LIMIT 10").fetchall()  # expect: sql-injection@43
    _validate_name(table)
    return rows
