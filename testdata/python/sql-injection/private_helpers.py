"""A private helper (`_name`) that interpolates a parameter into SQL is judged at its
calls when every mention of it is a call: the values passed are reported there, and the
helper itself only for its own values. A public function, or a private one passed on as
a callback, is reported inside."""
import sqlite3

from flask import request

db = sqlite3.connect("app.db")


def _pragma(name, table):
    # ok: sql-injection
    return db.execute(f"PRAGMA {name}({table})").fetchall()


def _count(table, where=""):
    # The helper's own untrusted value is still reported here.
    # expect: sql-injection@69
    return db.execute(f"SELECT count(*) FROM {table} {where} LIMIT {request.args['n']}")


def columns(table):
    # A public function is reported inside: its callers may be anywhere.
    # expect: sql-injection@44
    return db.execute(f"PRAGMA table_info({table})").fetchall()


def _handler(table):
    # Passed on below: its callers are out of sight.
    # expect: sql-injection@33
    return db.execute(f"UPDATE {table} SET seen = 1 WHERE id = 1")


HANDLERS = {"purge": _handler}


class Store:
    def _fetch(self, column):
        # ok: sql-injection
        return db.execute(f"SELECT {column} FROM items").fetchone()

    def names(self):
        return self._fetch("name")

    def chosen(self):
        # expect: sql-injection@28
        return self._fetch(request.args["column"])


def views():
    # ok: sql-injection
    _pragma("table_info", "users")
    # ok: sql-injection
    _count("users", where="WHERE active")
    # expect: sql-injection@27
    _pragma("index_list", request.args["table"])
    # expect: sql-injection@27
    _count("users", where=request.args["where"])
