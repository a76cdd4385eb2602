"""Parameters named for the clause they fill (`WHERE {where}`, `ORDER BY {order_by}`) take
SQL by contract, as sqlite-utils' `rows_where(where=…)` does: the function is a wrapper,
and its callers' fragments are judged where they are passed."""
import sqlite3

import click
from flask import Flask, request

app = Flask(__name__)
conn = sqlite3.connect("app.db")


def count_where(where=None, where_args=()):
    # ok: sql-injection
    return conn.execute("SELECT count(*) FROM users WHERE " + where, where_args).fetchone()


def rows_where(where, order_by="id", select="*"):
    # ok: sql-injection
    sql = f"SELECT {select} FROM users WHERE {where} ORDER BY {order_by}"
    return conn.execute(sql).fetchall()


def search():
    # expect: sql-injection
    return count_where("name = '%s'" % request.args["name"])


def search_sorted():
    # expect: sql-injection@42
    return rows_where("active", order_by=request.args["sort"])


def known():
    # ok: sql-injection
    return rows_where("name = ?", order_by="id", select="id, name")


# A parameter not named for its clause is still judged inside.
def filtered(condition):
    # expect: sql-injection
    conn.execute("SELECT id FROM users WHERE " + condition)


def compared(where):
    # Compared to a column, `where` is a value, not the clause.
    # expect: sql-injection
    conn.execute(f"SELECT id FROM users WHERE name = '{where}'")


@app.route("/count/<where>")
def route_count(where):
    # A route's parameter is the request's.
    # expect: sql-injection
    return conn.execute("SELECT count(*) FROM users WHERE " + where).fetchone()


def delete_where(where):
    # Passed on below, its calls are out of sight.
    # expect: sql-injection
    conn.execute("DELETE FROM users WHERE " + where)


ACTIONS = {"delete": delete_where}


def archive_where(where):
    # ok: sql-injection
    conn.execute("UPDATE users SET archived = 1 WHERE " + where)


def export(archive_where=False):
    # A parameter named like the helper is no mention of it.
    return run_export(archive_where=archive_where)


@click.command()
@click.option("--where", help="SQL WHERE clause")
@click.option("--name")
def count_rows(where, name):
    # Whoever runs the command could run the SQL itself: `--where` is SQL by contract.
    # ok: sql-injection
    print(conn.execute("SELECT count(*) FROM users WHERE " + where).fetchone())
    # expect: sql-injection
    print(conn.execute(f"SELECT count(*) FROM users WHERE name = '{name}'").fetchone())


# `ISOLATION LEVEL` takes keywords: a `level` there is the caller's to get right.
def set_isolation_level(dbapi_connection, level):
    level = level.replace("_", " ").upper()
    # ok: sql-injection
    dbapi_connection.cursor().execute(f"SET TRANSACTION ISOLATION LEVEL {level}")


def set_oracle_level(dbapi_connection, level):
    # ok: sql-injection
    dbapi_connection.cursor().execute(f"ALTER SESSION SET ISOLATION_LEVEL={level}")


def isolate():
    # expect: sql-injection@31
    set_isolation_level(conn, request.args["level"])


def set_mode(dbapi_connection, mode):
    # Named for something else: judged here.
    # expect: sql-injection
    dbapi_connection.cursor().execute(f"SET TRANSACTION ISOLATION LEVEL {mode}")

