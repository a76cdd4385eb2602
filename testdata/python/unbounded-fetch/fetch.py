import sqlite3

import asyncpg
import pandas as pd

conn = sqlite3.connect("app.db")


def whole_table():
    cur = conn.cursor()
    cur.execute("SELECT id, payload FROM events")
    # expect: unbounded-fetch@12
    return cur.fetchall()


def chained():
    # expect: unbounded-fetch@12
    return conn.execute("SELECT id FROM events JOIN kinds ON kinds.id = events.kind_id").fetchall()


def as_list():
    cur = conn.execute("SELECT id FROM events")
    # expect: unbounded-fetch@12
    return list(cur)


async def with_asyncpg(pool: asyncpg.Pool):
    # expect: unbounded-fetch@18
    return await pool.fetch("SELECT id FROM events")


def with_pandas(engine):
    # expect: unbounded-fetch@12
    return pd.read_sql("SELECT id, kind FROM events", engine)


def bounded(since):
    cur = conn.cursor()
    cur.execute("SELECT id FROM events WHERE created_at > ?", (since,))
    # ok: unbounded-fetch
    rows = cur.fetchall()
    cur.execute("SELECT id FROM events ORDER BY id LIMIT 100")
    # ok: unbounded-fetch
    rows += cur.fetchall()
    cur.execute("SELECT count(*), max(id) FROM events")
    # ok: unbounded-fetch
    rows += cur.fetchall()
    cur.execute("SELECT kind, count(*) FROM events GROUP BY kind")
    # ok: unbounded-fetch
    return rows + cur.fetchall()


def streamed():
    cur = conn.cursor()
    cur.execute("SELECT id FROM events")
    # ok: unbounded-fetch
    first = cur.fetchone()
    # ok: unbounded-fetch
    some = cur.fetchmany(100)
    # ok: unbounded-fetch
    for row in conn.execute("SELECT id FROM events"):
        print(row)
    return first, some
