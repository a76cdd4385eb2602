"""Pony ORM: `$name` in the text is bound from the caller's variables; formatting it in
Python is the injection."""
from pony.orm import Database, select

db = Database()
db.bind(provider="sqlite", filename="app.db")


def raw(name, table):
    # ok: sql-injection
    db.select("SELECT id FROM users WHERE name = $name")
    # expect: sql-injection@53
    db.select(f"SELECT id FROM users WHERE name = '{name}'")
    # expect: sql-injection@31
    db.execute(f"DELETE FROM {table} WHERE stale")
    # expect: sql-injection@55
    db.get("SELECT id FROM users WHERE name = '%s'" % name)
    # expect: sql-injection@62
    return db.exists("SELECT id FROM users WHERE name = '" + name + "'")


def unrelated(cache, rows, name):
    # ok: sql-injection
    cache.get(f"user:{name}")
    # ok: sql-injection
    rows.select(f"name = '{name}'")
    # ok: sql-injection
    return select(u for u in rows if u.name == name)
