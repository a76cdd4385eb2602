import asyncio
import sqlite3

import asyncpg
import psycopg2

conn = sqlite3.connect("app.db")


def per_row(cur):
    cur.execute("SELECT id FROM customers")
    # expect: unbounded-fetch@27
    for (customer_id,) in cur.fetchall():
        # expect: n-plus-one@9
        cur.execute("SELECT count(*) FROM orders WHERE customer_id = ?", (customer_id,))


def iterating_the_cursor():
    for row in conn.execute("SELECT id FROM customers"):
        # expect: n-plus-one@9
        conn.execute("UPDATE customers SET seen = 1 WHERE id = ?", (row[0],))


def per_item(ids):
    pg = psycopg2.connect("dbname=app")
    cur = pg.cursor()
    for user_id in ids:
        # expect: n-plus-one@9
        cur.execute("SELECT name FROM users WHERE id = %s", (user_id,))


def load_user(user_id):
    return conn.execute("SELECT name FROM users WHERE id = ?", (user_id,)).fetchone()


def through_a_helper(ids):
    names = []
    for user_id in ids:
        # expect: n-plus-one@22
        names.append(load_user(user_id))
    # expect: n-plus-one@21
    return names + [load_user(i) for i in ids]


async def fan_out(pool: asyncpg.Pool, ids):
    # expect: n-plus-one@35
    return await asyncio.gather(*(pool.fetchrow("SELECT name FROM users WHERE id = $1", i) for i in ids))


def batched(rows, ids):
    cur = conn.cursor()
    # ok: n-plus-one
    cur.executemany("INSERT INTO events (kind) VALUES (?)", rows)
    for chunk in ids:
        # ok: n-plus-one
        cur.executemany("DELETE FROM events WHERE id = ?", chunk)
    # ok: n-plus-one
    cur.execute("SELECT name FROM users WHERE id IN (%s)" % ",".join("?" * len(ids)), ids)


def constant_loop():
    for table in ("users", "orders"):
        # ok: n-plus-one
        conn.execute(f"SELECT count(*) FROM {table}")


def keyset_pagination():
    last = 0
    while True:
        # ok: n-plus-one
        page = conn.execute("SELECT id FROM events WHERE id > ? ORDER BY id LIMIT 500", (last,)).fetchall()
        if not page:
            break
        last = page[-1][0]
