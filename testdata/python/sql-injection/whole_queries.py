"""A parameter in the place of a whole query, at the end of the statement: the function
runs its caller's query, and the caller is where that query is judged."""
import sqlite3

from flask import request

conn = sqlite3.connect("app.db")


def explain(query):
    # ok: sql-injection
    return conn.execute("EXPLAIN QUERY PLAN " + query).fetchall()


def declare(cursor, operation, args=()):
    # ok: sql-injection
    cursor.execute("DECLARE c NO SCROLL CURSOR FOR " + operation, args)


def create_view(name, select):
    # The view's name is not a query: it is still judged here.
    # expect: sql-injection@33
    conn.execute(f"CREATE VIEW {name} AS {select};")


def copy_rows(select):
    # ok: sql-injection
    conn.execute("INSERT INTO archive " + select)


def search():
    # expect: sql-injection
    return explain("SELECT id FROM users WHERE name = '%s'" % request.args["name"])


def constant_view():
    # ok: sql-injection
    create_view("active_users", "SELECT id FROM users WHERE active")


# Clauses, lists and names are not whole queries.
def where(condition):
    # expect: sql-injection
    conn.execute("SELECT id FROM users WHERE " + condition)


def and_where(condition):
    # expect: sql-injection
    conn.execute("SELECT id FROM users WHERE active AND " + condition)


def order(column):
    # expect: sql-injection
    conn.execute("SELECT id FROM users ORDER BY " + column)


def table(name):
    # expect: sql-injection
    conn.execute("DROP TABLE " + name)


def in_list(ids):
    # expect: sql-injection
    conn.execute(f"SELECT id FROM users WHERE id IN ({ids})")


def page(size):
    # expect: sql-injection
    conn.execute(f"SELECT id FROM users LIMIT {size};")
