"""encode/databases: `query` by position or keyword, `values` bound to `:name` markers."""
from databases import Database

database = Database("postgresql://localhost/app")


async def reads(name):
    # expect: sql-injection@74
    await database.fetch_all(query=f"SELECT id FROM users WHERE name = '{name}'")
    # ok: sql-injection
    await database.fetch_all(query="SELECT id FROM users WHERE name = :name", values={"name": name})
    # expect: sql-injection@70
    await database.fetch_one("SELECT id FROM users WHERE name = '" + name + "'")
    # expect: sql-injection@92
    return await database.fetch_val(query="SELECT count(*) FROM users WHERE name = '%s'" % name)


async def writes(table, rows):
    # expect: sql-injection@49
    await database.execute(query=f"DELETE FROM {table} WHERE stale")
    # expect: sql-injection@48
    await database.execute_many(f"INSERT INTO {table} (id) VALUES (:id)", rows)
    # ok: sql-injection
    await database.execute_many("INSERT INTO users (id) VALUES (:id)", values=rows)


async def stream(column):
    # expect: sql-injection@49
    async for row in database.iterate(f"SELECT {column} FROM users"):
        print(row)


async def unrelated(cache, name):
    # ok: sql-injection
    await cache.fetch_one(f"user:{name}")
    # ok: sql-injection
    await cache.iterate(f"user:{name}")
