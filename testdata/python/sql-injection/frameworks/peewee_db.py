"""peewee: `execute_sql(sql, params)` on its databases, `SQL(text)` fragments."""
from peewee import SQL, DatabaseProxy, Model, PostgresqlDatabase, SqliteDatabase
from playhouse.pool import PooledMySQLDatabase

db = SqliteDatabase("app.db")
pool = PooledMySQLDatabase("app", max_connections=8)
proxy = DatabaseProxy()


class User(Model):
    class Meta:
        database = db


def execute(name):
    # expect: sql-injection@58
    db.execute_sql(f"SELECT id FROM users WHERE name = '{name}'")
    # ok: sql-injection
    db.execute_sql("SELECT id FROM users WHERE name = ?", (name,))
    # expect: sql-injection@70
    pool.execute_sql("UPDATE users SET seen = 1 WHERE name = '%s'" % name)
    # expect: sql-injection@44
    proxy.execute_sql(sql="DELETE FROM " + name + " WHERE stale")


def local(name):
    pg = PostgresqlDatabase("app")
    # expect: sql-injection@58
    pg.execute_sql(f"SELECT id FROM users WHERE name = '{name}'")


def fragments(column, name):
    # expect: sql-injection@35
    User.select().order_by(SQL(f"{column} DESC"))
    # ok: sql-injection
    User.select().where(SQL("name = %s", [name]))


def raw(name):
    # expect: sql-injection
    return User.raw(f"SELECT id FROM users WHERE name = '{name}'")


def unrelated(client, name):
    # ok: sql-injection
    client.execute_sql(f"SELECT id FROM users WHERE name = '{name}'")
