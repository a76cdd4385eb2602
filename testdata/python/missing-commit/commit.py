import sqlite3

import asyncpg
import psycopg2


def forgets(order_id):
    conn = psycopg2.connect("dbname=shop")
    cur = conn.cursor()
    # expect: missing-commit@5
    cur.execute("DELETE FROM carts WHERE order_id = %s", (order_id,))
    cur.close()
    conn.close()


def commits(order_id):
    conn = psycopg2.connect("dbname=shop")
    cur = conn.cursor()
    # ok: missing-commit
    cur.execute("DELETE FROM carts WHERE order_id = %s", (order_id,))
    conn.commit()
    conn.close()


def transaction_block(path):
    conn = sqlite3.connect(path)
    with conn:
        # ok: missing-commit
        conn.execute("INSERT INTO log (msg) VALUES ('x')")
    conn.close()


def autocommit(path):
    conn = sqlite3.connect(path, isolation_level=None)
    # ok: missing-commit
    conn.execute("INSERT INTO log (msg) VALUES ('x')")
    conn.close()


def reads_only(path):
    conn = sqlite3.connect(path)
    # ok: missing-commit
    rows = conn.execute("SELECT id FROM log WHERE id = 1").fetchone()
    conn.close()
    return rows


def callers_connection(conn, order_id):
    # ok: missing-commit
    conn.execute("DELETE FROM carts WHERE order_id = ?", (order_id,))
    conn.close()


async def with_asyncpg():
    conn = await asyncpg.connect("postgresql://app@db/shop")
    # ok: missing-commit
    await conn.execute("DELETE FROM carts WHERE id = 1")
    await conn.close()
