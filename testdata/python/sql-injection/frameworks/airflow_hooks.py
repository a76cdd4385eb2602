"""Airflow SQL hooks: `sql` runs as given, `parameters` are bound by the driver."""
from airflow.hooks.base import BaseHook
from airflow.providers.common.sql.hooks.sql import DbApiHook
from airflow.providers.http.hooks.http import HttpHook
from airflow.providers.mysql.hooks.mysql import MySqlHook
from airflow.providers.postgres.hooks.postgres import PostgresHook
from airflow.providers.snowflake.hooks.snowflake import SnowflakeHook
from airflow.providers.sqlite.hooks.sqlite import SqliteHook


def records(day):
    hook = PostgresHook(postgres_conn_id="warehouse")
    # expect: sql-injection@67
    rows = hook.get_records(f"SELECT id FROM events WHERE day = '{day}'")
    # ok: sql-injection
    rows = hook.get_records("SELECT id FROM events WHERE day = %s", parameters=(day,))
    # ok: sql-injection
    first = hook.get_first("SELECT id FROM events WHERE day = %s", (day,))
    return rows, first


def first_row(user):
    # expect: sql-injection@93
    return MySqlHook(mysql_conn_id="app").get_first("SELECT id FROM users WHERE name = '" + user + "'")


def run_many(table, day):
    hook = SnowflakeHook(snowflake_conn_id="dwh")
    # expect: sql-injection@30, sql-injection@85
    hook.run([f"DELETE FROM {table} WHERE stale", f"DELETE FROM audit WHERE day = '{day}'"])
    # ok: sql-injection
    hook.run("DELETE FROM audit WHERE day = %(day)s", parameters={"day": day})
    # ok: sql-injection
    hook.run(["DELETE FROM audit WHERE stale", "DELETE FROM staging WHERE stale"], True)


def frames(column):
    hook = SqliteHook()
    # expect: sql-injection@34
    hook.get_pandas_df(f"SELECT {column} FROM events")
    # expect: sql-injection@31
    hook.get_df(sql=f"SELECT {column} FROM events")


def load(table, rows):
    hook = PostgresHook()
    # expect: sql-injection@22
    hook.insert_rows(table, rows)
    # expect: sql-injection@35
    hook.insert_rows(table=f"stg_{table}", rows=rows)
    # ok: sql-injection
    hook.insert_rows("events", rows, target_fields=["id", "day"])


def annotated(source: DbApiHook, conn: PostgresHook, day):
    # expect: sql-injection@62
    source.get_records(f"SELECT id FROM events WHERE day = '{day}'")
    # expect: sql-injection@58
    conn.get_first(f"SELECT id FROM events WHERE day = '{day}'")


class Export:
    def __init__(self):
        self.pg_hook = PostgresHook()

    def run(self, day):
        # expect: sql-injection@73
        self.pg_hook.run(f"UPDATE exports SET done = TRUE WHERE day = '{day}'")


def looked_up(conn_id, day):
    hook = BaseHook.get_hook(conn_id)
    # expect: sql-injection@60
    hook.get_records(f"SELECT id FROM events WHERE day = '{day}'")
    connection = BaseHook.get_connection(conn_id)
    # expect: sql-injection@66
    connection.get_hook().run(f"DELETE FROM events WHERE day = '{day}'")


def not_sql(endpoint, job, runner, day):
    # ok: sql-injection
    HttpHook(http_conn_id="api").run(f"/events/{endpoint}")
    # ok: sql-injection
    job.run(f"DELETE FROM events WHERE day = '{day}'")
    # ok: sql-injection
    runner.get_records(f"SELECT id FROM events WHERE day = '{day}'")
