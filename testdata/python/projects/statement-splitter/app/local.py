"""A class and its instances in one module: a method that executes its parameter is a
sink for this module's own calls too, through a module-level instance or a local one."""
import sqlite3

from flask import request


class Store:
    def __init__(self, path):
        self.conn = sqlite3.connect(path)

    def run(self, sql):
        # ok: sql-injection
        return self.conn.execute(sql)


store = Store("app.db")


def search():
    # expect: sql-injection@67
    return store.run("SELECT body FROM notes WHERE body = '%s'" % request.args["q"])


def count():
    local = Store("app.db")
    # ok: sql-injection
    return local.run("SELECT count(*) FROM notes")


def find():
    local = Store("app.db")
    # expect: sql-injection@63
    return local.run("SELECT body FROM notes WHERE id = %s" % request.args["id"])
