"""Helpers that read the database's catalogs, called in loops from another module."""
import sqlite3

KNOWN_TABLES = {"users", "orders", "events"}


def table_columns(conn: sqlite3.Connection, table):
    if table not in KNOWN_TABLES:
        raise ValueError(table)
    return [r[1] for r in conn.execute(f"PRAGMA table_info([{table}])").fetchall()]


def row_count(conn: sqlite3.Connection, table):
    if table not in KNOWN_TABLES:
        raise ValueError(table)
    return conn.execute(f"SELECT count(*) FROM [{table}]").fetchone()[0]


def primary_keys(conn: sqlite3.Connection, table):
    return [c for c in table_columns(conn, table) if c]


def sqlite_version(conn: sqlite3.Connection):
    return conn.execute("SELECT sqlite_version()").fetchone()[0]


def view_names(conn: sqlite3.Connection):
    return [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'view'").fetchall()]


def page_of_events(conn: sqlite3.Connection, after):
    return conn.execute(
        "SELECT id FROM events WHERE id > ? ORDER BY id LIMIT 100", (after,)
    ).fetchall()


def owner_of(conn: sqlite3.Connection, table):
    return conn.execute("SELECT owner FROM table_owners WHERE name = ?", (table,)).fetchone()


def fts_table(conn: sqlite3.Connection, table):
    row = conn.execute(
        "SELECT name FROM sqlite_master WHERE rootpage = 0 AND tbl_name = ?", (table,)
    ).fetchone()
    return row[0] if row else None


def primary_key_constraint(conn: sqlite3.Connection, table):
    sql = fts_table(conn, table)
    return sql.split("PRIMARY KEY")[0] if sql else None


def described(conn: sqlite3.Connection, table):
    return fts_table(conn, table), owner_of(conn, table)


def ensure_table(conn: sqlite3.Connection, table):
    if table not in KNOWN_TABLES:
        raise ValueError(table)
    if table not in view_names(conn):
        conn.execute(f"CREATE TABLE IF NOT EXISTS [{table}] (id INTEGER PRIMARY KEY)")


def permission_allowed(conn: sqlite3.Connection, action, resource=None):
    if action == "view-table" and resource is not None:
        database, table = resource
        conn.execute("SELECT name FROM sqlite_master WHERE name = ? COLLATE NOCASE", (table,))
    return action != "deny"


def granted(conn: sqlite3.Connection, action, resource=None):
    if resource is not None:
        database, table = resource
        conn.execute("SELECT name FROM sqlite_master WHERE name = ?", (table,))
    return conn.execute("SELECT allowed FROM grants WHERE action = ?", (action,)).fetchone()
