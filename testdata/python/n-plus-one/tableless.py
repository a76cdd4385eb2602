"""A statement that names no table reads no rows to batch: loading an extension, quoting
values, asking the server for its version. One that reads a table, even in a subquery, is
still an N+1."""
import sqlite3

conn = sqlite3.connect("app.db")
EXTENSION_FUNCTIONS = ["spatialite_version", "proj4_version"]


def load_extensions(paths):
    for path in paths:
        # ok: n-plus-one
        conn.execute("SELECT load_extension(?)", [path])


def quote_each(values):
    for value in values:
        # ok: n-plus-one
        conn.execute("SELECT QUOTE(?)", (value,))


def probe_versions(functions):
    for fn in functions:
        if fn not in EXTENSION_FUNCTIONS:
            raise ValueError(fn)
        # ok: n-plus-one
        conn.execute("select {}()".format(fn))


def _load(paths):
    for path in paths:
        conn.execute("SELECT load_extension(?)", [path])


def per_database(databases, paths):
    for database in databases:
        # A same-module helper whose only query reads no table.
        # ok: n-plus-one
        _load(paths)


def exists_per_row():
    for (user_id,) in conn.execute("SELECT id FROM users WHERE active = 1").fetchall():
        # expect: n-plus-one@9
        conn.execute("SELECT EXISTS (SELECT 1 FROM bans WHERE user_id = ?)", (user_id,))


def scalar_subquery_per_item(ids):
    for user_id in ids:
        # expect: n-plus-one@9
        conn.execute("SELECT (SELECT name FROM users WHERE id = ?)", (user_id,))
