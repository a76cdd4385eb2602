import asyncio

import asyncpg


async def load_user(pool: asyncpg.Pool, user_id):
    return await pool.fetchrow("SELECT name FROM users WHERE id = $1", user_id)


async def gather_over_a_generator(pool: asyncpg.Pool, ids):
    # expect: n-plus-one@35
    return await asyncio.gather(*(pool.fetchrow("SELECT name FROM users WHERE id = $1", i) for i in ids))


async def gather_through_a_helper(pool: asyncpg.Pool, ids):
    # expect: n-plus-one@35
    return await asyncio.gather(*[load_user(pool, i) for i in ids])


async def task_group(pool: asyncpg.Pool, ids):
    async with asyncio.TaskGroup() as tg:
        for i in ids:
            # expect: n-plus-one@28
            tg.create_task(load_user(pool, i))


async def insert_fan_out(pool: asyncpg.Pool, rows):
    # expect: n-plus-one@28
    await asyncio.gather(*(pool.execute("INSERT INTO events (kind) VALUES ($1)", r) for r in rows))


# Negatives.


async def one_query(pool: asyncpg.Pool, ids):
    # ok: n-plus-one
    return await pool.fetch("SELECT id, name FROM users WHERE id = ANY($1)", ids)


async def batched_insert(pool: asyncpg.Pool, rows):
    # ok: n-plus-one
    await pool.executemany("INSERT INTO events (kind) VALUES ($1)", rows)
