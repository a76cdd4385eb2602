"""A wrapper that reads every row of the SQL it is given makes its callers' queries do so."""
import sqlite3

conn = sqlite3.connect("app.db")


def query_all(sql, params=()):
    cur = conn.execute(sql, params)
    return cur.fetchall()


def query_some(sql, params=(), size=100):
    cur = conn.execute(sql, params)
    return cur.fetchmany(size)


def everyone():
    return query_all("SELECT id, name FROM users")  # expect: unbounded-fetch@12


def some_people():
    return query_some("SELECT id, name FROM users")  # ok: a page at a time


def one_person(user_id):
    return query_all("SELECT id, name FROM users WHERE id = ?", (user_id,))  # ok: filtered
