"""Calls of another module's private helpers, with a request's values."""
from flask import request

from app.db import _columns, _pragma


def table_info():
    # expect: sql-injection@34
    return _pragma("index_list", request.args["table"])


def columns():
    # expect: sql-injection@21
    return _columns(request.args["table"])


def known():
    # ok: sql-injection
    return _columns("orders")
