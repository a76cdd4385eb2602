"""records, dataset and sqlite-utils: `db.query(sql, **params)` on their databases."""
import dataset
import records
import sqlite_utils

DB = records.Database("postgresql://localhost/app")


def with_records(name):
    # expect: sql-injection@52
    DB.query(f"SELECT id FROM users WHERE name = '{name}'")
    # ok: sql-injection
    DB.query("SELECT id FROM users WHERE name = :name", name=name)


def with_dataset(url, name):
    with dataset.connect(url) as db:
        # expect: sql-injection@73
        return list(db.query("SELECT id FROM users WHERE name = '%s'" % name))


def with_dataset_params(url, name):
    db = dataset.connect(url)
    # ok: sql-injection
    return db.query("SELECT id FROM users WHERE name = :name", name=name)


def with_sqlite_utils(table, name):
    db = sqlite_utils.Database("app.db")
    # expect: sql-injection@69
    rows = db.query("SELECT id FROM users WHERE name = '{}'".format(name))
    # ok: sql-injection
    rows = db.query("SELECT id FROM users WHERE name = ?", [name])
    # expect: sql-injection@31
    db.execute(f"DELETE FROM {table} WHERE stale")
    # ok: sql-injection
    db.execute("DELETE FROM users WHERE name = :name", {"name": name})
    return rows


def unrelated(api, session_store, name):
    # ok: sql-injection
    api.query(f"SELECT id FROM users WHERE name = '{name}'")
    # ok: sql-injection
    session_store.query(f"name = '{name}'")
