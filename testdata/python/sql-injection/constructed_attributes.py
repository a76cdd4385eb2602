"""A class whose every construction is in sight (each mention of it in its module is a
call, and no other module imports it): what its `__init__` stores from a parameter holds
what those calls pass."""
import itertools
import sqlite3

_ids = itertools.count()


class NamedCursor:
    def __init__(self, cursor, ident, order="id"):
        self.cursor = cursor
        self.ident = ident
        self.order = order

    def declare(self):
        # ok: sql-injection
        self.cursor.execute("DECLARE " + self.ident + " CURSOR FOR SELECT id FROM t")

    def fetch(self):
        # ok: sql-injection
        self.cursor.execute("FETCH ALL FROM " + self.ident + " ORDER BY " + self.order)


def open_cursor(conn):
    ident = "c_%s_%s" % (hex(id(conn))[2:], hex(next(_ids))[2:])
    cursor = NamedCursor(conn.cursor(), ident)
    cursor.declare()
    return cursor


def open_sorted(conn):
    return NamedCursor(conn.cursor(), ident="c_sorted", order="name")


class Report:
    def __init__(self, conn, table):
        self.conn = conn
        self.table = table

    def rows(self):
        # One construction passes its caller's value: the attribute is the caller's.
        # expect: sql-injection
        return self.conn.execute("SELECT id FROM " + self.table + " LIMIT 10").fetchall()


def users_report():
    return Report(sqlite3.connect("app.db"), "users")


def any_report(table):
    return Report(sqlite3.connect("app.db"), table)


class Exported:
    def __init__(self, conn, table):
        self.conn = conn
        self.table = table

    def rows(self):
        # Mentioned other than by a call (`factory = Exported`): constructions out of sight.
        # expect: sql-injection
        return self.conn.execute("SELECT id FROM " + self.table + " LIMIT 10").fetchall()


factory = Exported
made = Exported(sqlite3.connect("app.db"), "users")


class Unpacked:
    def __init__(self, conn, table):
        self.conn = conn
        self.table = table

    def rows(self):
        # `*args` could put anything in `table`.
        # expect: sql-injection
        return self.conn.execute("SELECT id FROM " + self.table + " LIMIT 10").fetchall()


def unpacked(args):
    return Unpacked(*args)
