"""Calls of another module's SQL-taking functions, with a request's values and with
constants."""
from flask import request

from app.store import Store, explain


def plan():
    # expect: sql-injection@62
    return explain("SELECT * FROM users WHERE name = '%s'" % request.args["name"])


def plan_known():
    # ok: sql-injection
    return explain("SELECT * FROM users WHERE active")


def sorted_users():
    store = Store("users")
    # expect: sql-injection@48
    return store.rows_where("active", order_by=request.args["sort"])


def default_order():
    store = Store("users")
    # ok: sql-injection
    return store.rows_where("active")


def named(store: Store):
    # expect: sql-injection@41
    return store.count_where(f"name = '{request.args['n']}'")
