import sqlite3

from app.fragments import where_equal, where_raw

conn = sqlite3.connect("app.db")


def find(table, column, value):
    where, params = where_equal(column, value)
    # ok: sql-injection
    return conn.execute(f"SELECT id FROM {quote_table(table)} WHERE {where}", params)


def find_raw(column, value):
    # The SQL half carries `value`: reported where it is passed.
    # expect: sql-injection
    where, params = where_raw(column, value)
    return conn.execute(f"SELECT id FROM items WHERE {where}", params)


def quote_table(name):
    return '"%s"' % name.replace('"', '""')
