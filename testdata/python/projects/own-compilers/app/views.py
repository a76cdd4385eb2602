import sqlite3

from flask import request

from app.builder import Builder, Filter, Setting

conn = sqlite3.connect("app.db")


def search():
    # expect: sql-injection
    sql = Builder().compile(request.args["where"])
    return conn.execute(sql).fetchall()


def search_by_name():
    # expect: sql-injection
    where, params = Filter("name", request.args["name"]).as_sql()
    return conn.execute("SELECT id FROM products WHERE " + where, params).fetchall()


def search_by_keyword():
    # expect: sql-injection@45
    condition = Filter(column="name", value=request.args["name"])
    where, params = condition.as_sql()
    return conn.execute("SELECT id FROM products WHERE " + where, params).fetchall()


def archived():
    # ok: sql-injection
    where, params = Filter("archived", "yes").as_sql()
    return conn.execute("SELECT id FROM products WHERE " + where, params).fetchall()


def everything():
    sql = Builder().compile("1 = 1")
    # ok: sql-injection
    return conn.execute(sql).fetchall()


def setting():
    # `Setting.load()` sets `value` from its caller's form too: a constant construction
    # does not make it constant.
    # expect: sql-injection@21
    where, params = Setting("on").as_sql()
    return conn.execute("SELECT id FROM settings WHERE " + where, params).fetchall()
