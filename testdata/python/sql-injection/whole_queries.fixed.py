"""A parameter in the place of a whole query, at the end of the statement: the function
runs its caller's query, and the caller is where that query is judged."""
import sqlite3

import sqlparse
from flask import Flask, request

app = Flask(__name__)
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


def archive_inactive(cursor):
    # ok: sql-injection
    declare(cursor, "SELECT id FROM users WHERE NOT active")
    # ok: sql-injection
    copy_rows("SELECT * FROM users WHERE NOT active")


# A function a framework calls, or one passed on where its calls are out of sight, runs
# whatever its unseen callers pass.
@app.route("/explain/<path:q>")
def route_explain(q):
    # expect: sql-injection
    return conn.execute("EXPLAIN " + q).fetchall()


# Not called here: an API for other code, whose calls are where the query is judged.
def uncalled_view(select):
    # ok: sql-injection
    conn.execute(f"CREATE VIEW v AS {select}")


def stored_explain(query):
    # expect: sql-injection
    return conn.execute("EXPLAIN " + query).fetchall()


HANDLERS = {"explain": stored_explain}


def aliased_explain(query):
    # expect: sql-injection
    return conn.execute("EXPLAIN " + query).fetchall()


def run_aliased():
    explain_it = aliased_explain
    return explain_it(request.args["q"])


def passed_explain(query):
    # expect: sql-injection
    return conn.execute("EXPLAIN " + query).fetchall()


def run_callback(callback):
    return callback(request.args["q"])


def run_passed():
    return run_callback(passed_explain)


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
    conn.execute("SELECT id FROM users WHERE id IN (?)", (ids,))


def page(size):
    # expect: sql-injection
    conn.execute("SELECT id FROM users LIMIT ?;", (size,))


def explain_trimmed(query):
    # The caller's query with its blanks trimmed is still the caller's.
    # ok: sql-injection
    return conn.execute("EXPLAIN " + query.strip().rstrip(";")).fetchall()


def search_trimmed():
    # expect: sql-injection
    return explain_trimmed("SELECT id FROM users WHERE name = '%s' " % request.args["name"])


def run_script(script):
    # Each statement of the caller's script is the caller's.
    for statement in ["PRAGMA foreign_keys = ON"] + sqlparse.split(script):
        statement = sqlparse.format(statement, strip_comments=True)
        # ok: sql-injection
        conn.execute(statement[:-1] if statement.endswith(";") else statement)


def run_lines(script):
    for line in script.splitlines():
        # ok: sql-injection
        conn.execute(line)


def search_script():
    # expect: sql-injection
    run_script("SELECT id FROM users WHERE name = '%s';" % request.args["name"])
    # expect: sql-injection
    run_lines("DELETE FROM users WHERE name = '%s'" % request.args["name"])
