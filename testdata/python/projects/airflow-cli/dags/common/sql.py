import re

from airflow.providers.postgres.hooks.postgres import PostgresHook

IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def quote_table(name):
    if not IDENTIFIER.fullmatch(name):
        raise ValueError(f"not a table name: {name}")
    return name


def warehouse():
    return PostgresHook(postgres_conn_id="warehouse")
