"""Drivers other than psycopg 3 take SQL text, not templates: a t-string there is no
parameterised query, and an untrusted field in it is reported like an f-string's."""
import sqlite3

import asyncpg
from sqlalchemy import text

db = sqlite3.connect("app.db")
TABLE = "users"


def sqlite_templates(engine, user_id, name):
    # expect: sql-injection@51
    db.execute(t"SELECT id FROM users WHERE id = {user_id}")
    # expect: sql-injection@50
    query = t"SELECT id FROM users WHERE name = {name}"
    db.execute(query)
    with engine.connect() as conn:
        # expect: sql-injection@64
        conn.execute(text(t"SELECT id FROM users WHERE name = {name}"))
    # Constant fields are no injection (the call fails at run time, another matter).
    # ok: sql-injection
    db.execute(t"SELECT id FROM {TABLE}")
    # ok: sql-injection
    db.execute("SELECT id FROM users WHERE name = ?", (name,))


async def asyncpg_template(name):
    conn = await asyncpg.connect("postgresql://localhost/app")
    # expect: sql-injection@66
    return await conn.fetch(t"SELECT id FROM users WHERE name = {name}")
