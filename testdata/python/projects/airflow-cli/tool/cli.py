import sys

import click

from .db import run_sql


@click.command()
@click.option("--sql")
def query(sql):
    return run_sql(sql)


@click.command()
@click.argument("name")
@click.pass_context
def lookup(ctx, name):
    return ctx.invoke(query, sql=f"SELECT id FROM users WHERE name = '{name}'")  # expect: sql-injection@72


@click.command()
@click.argument("name")
@click.pass_context
def lookup_safely(ctx, name):
    return ctx.invoke(query, sql="SELECT id FROM users WHERE name = 'admin'")  # ok: constant


def main():
    table = sys.argv[1]
    return run_sql(f"SELECT id FROM {table} LIMIT 10")  # expect: sql-injection@38


def per_user(user_ids):
    for user_id in user_ids:
        run_sql("SELECT id FROM orders WHERE user_id = %s", (user_id,))  # expect: n-plus-one
