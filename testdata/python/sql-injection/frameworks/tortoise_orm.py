"""Tortoise ORM: `execute_query(sql, values)` on `connections.get(…)` and
`Tortoise.get_connection(…)`."""
from tortoise import Tortoise, connections


async def query(name):
    conn = connections.get("default")
    # expect: sql-injection@68
    await conn.execute_query(f"SELECT id FROM users WHERE name = '{name}'")
    # ok: sql-injection
    await conn.execute_query("SELECT id FROM users WHERE name = $1", [name])
    # expect: sql-injection@75
    await conn.execute_query_dict("SELECT id FROM users WHERE name = '" + name + "'")
    # ok: sql-injection
    return await conn.execute_query_dict("SELECT id FROM users WHERE name = $1", [name])


async def script(table):
    client = Tortoise.get_connection("default")
    # expect: sql-injection@47
    await client.execute_script(f"DROP TABLE {table}")
    # ok: sql-injection
    await client.execute_script("DROP TABLE staging")


async def unrelated(conn, table):
    # ok: sql-injection
    await conn.execute_script(f"DROP TABLE {table}")
