"""Private helpers that interpolate their parameters: every call here passes constants, so
nothing is reported in them; other modules' calls are judged where they pass values."""
import sqlite3

conn = sqlite3.connect("app.db")


def _pragma(name, table):
    # ok: sql-injection
    return conn.execute(f"PRAGMA {name}({table})").fetchall()


def _columns(table):
    # Passes its own parameter on: its callers are judged instead.
    # ok: sql-injection
    return [row[1] for row in _pragma("table_info", table)]


def schema():
    # ok: sql-injection
    return {"users": _columns("users"), "lists": _pragma("table_list", "main")}
