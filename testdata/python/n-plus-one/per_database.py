"""A loop whose item is a database or a connection queries another database each time:
no single query replaces it. A loop over a database's rows, or over values whose names
only mention a database (`db_column`), still repeats one query."""
import sqlite3


def count_users(path):
    db = sqlite3.connect(path)
    return db.execute("SELECT count(*) FROM users WHERE id = 1").fetchone()


def per_database(databases, connections):
    for name, db in databases.items():
        # ok: n-plus-one
        db.execute("SELECT id FROM users WHERE id = 1").fetchone()
    for replica_conn in connections:
        # ok: n-plus-one
        replica_conn.execute("SELECT id FROM users WHERE id = 1").fetchone()
    return [count_users(database) for database in databases]


def per_column(conn, columns):
    for db_column in columns:
        # expect: n-plus-one@9
        conn.execute("SELECT id FROM users WHERE id = ?", (db_column,)).fetchone()
    # expect: n-plus-one@13
    return [count_users(path) for path in columns]
