"""The sinks of each driver, reached through inferred receivers."""
import asyncpg
import pandas as pd
import pymysql
from django.db import connection
from django.db.models.expressions import RawSQL
from sqlalchemy import create_engine, text
from sqlalchemy.orm import Session

engine = create_engine("postgresql://app@db/app")


async def with_asyncpg(user_id, day):
    conn = await asyncpg.connect("postgresql://app@db/app")
    # expect: sql-injection@60
    await conn.fetch(f"SELECT id FROM events WHERE day = '{day}'")
    pool = await asyncpg.create_pool("postgresql://app@db/app")
    async with pool.acquire() as c:
        # expect: sql-injection@63
        await c.fetchrow("SELECT id FROM users WHERE id = " + user_id)
    # ok: sql-injection
    await conn.fetchval("SELECT id FROM users WHERE id = $1", user_id)


def with_pymysql(name):
    db = pymysql.connect(host="db")
    with db.cursor() as cursor:
        # expect: sql-injection@67
        cursor.execute("SELECT id FROM users WHERE name = '%s'" % name)


def with_sqlalchemy(name, session: Session):
    with engine.connect() as conn:
        # expect: sql-injection@65
        conn.execute(text(f"SELECT id FROM users WHERE name = '{name}'"))
        # ok: sql-injection
        conn.execute(text("SELECT id FROM users WHERE name = :name"), {"name": name})
        # expect: sql-injection@65
        conn.exec_driver_sql(f"DELETE FROM users WHERE name = '{name}'")
    # expect: sql-injection@61
    session.execute(text("SELECT id FROM users ORDER BY " + name))


def with_django(Model, name, order):
    with connection.cursor() as cursor:
        # expect: sql-injection@52
        cursor.execute(f"UPDATE users SET name = '{name}' WHERE id = 1")
    # expect: sql-injection@70
    Model.objects.raw(f"SELECT id, name FROM app_user WHERE name = '{name}'")
    # ok: sql-injection
    Model.objects.raw("SELECT id, name FROM app_user WHERE name = %s", [name])
    # expect: sql-injection@63
    Model.objects.filter(active=True).extra(where=[f"name = '{name}'"])
    # ok: sql-injection
    Model.objects.extra(where=["name = %s"], params=[name])
    # expect: sql-injection@47
    Model.objects.annotate(x=RawSQL(f"SELECT {order} FROM t", []))


def with_pandas(day):
    # expect: sql-injection@62
    return pd.read_sql(f"SELECT id FROM events WHERE day = '{day}'", engine)
