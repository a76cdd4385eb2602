from flask import request

from . import sql
from .db import get_db, query_db
from .paging import cursor_name, page_count, page_size, raw_size
from .sql import checked_column, select_from, validate_column
from .store import Store


def user_by_name():
    name = request.args["name"]
    return get_db().execute(f"SELECT id, name FROM users WHERE name = '{name}'").fetchall()  # expect: sql-injection


def user_by_email(email):
    return query_db(f"SELECT id, name FROM users WHERE email = '{email}'", one=True)  # expect: sql-injection@66


def user_safely(email):
    return query_db("SELECT id, name FROM users WHERE email = ?", (email,), one=True)  # ok: parameters


def from_table(table):
    # expect: unbounded-fetch
    return get_db().execute(select_from(table)).fetchall()  # expect: sql-injection@41


def count(table):
    return get_db().execute(sql.count_rows(table)).fetchone()  # expect: sql-injection@44


def fixed_table():
    return get_db().execute(select_from("users")).fetchall()  # expect: unbounded-fetch@12


def order_by(column):
    return query_db(f"SELECT id, name FROM users ORDER BY {checked_column(column)}")  # expect: unbounded-fetch (the column is allow-listed)


def order_by_guarded(column):
    validate_column(column)
    return query_db(f"SELECT id, name FROM users ORDER BY {column}")  # expect: unbounded-fetch (the column is validated first)


def search(term):
    return Store().select(f"SELECT id, name FROM users WHERE name LIKE '%{term}%'")  # expect: sql-injection, leading-wildcard-like


def search_safely(term):
    store = Store()
    return store.select("SELECT id, name FROM users WHERE name LIKE ?", (f"%{term}%",))  # ok: parameters


def one(user_id):
    return Store().by_id(user_id)  # ok: parameterised inside


def pages(items):
    return query_db(f"SELECT id FROM users LIMIT {page_count(items)}")  # ok: a number


def sized(requested):
    return query_db(f"SELECT id FROM users LIMIT {page_size(requested)}")  # ok: sql-injection (a number made from the caller's value cannot carry SQL)


def named_cursor():
    return query_db(f"DECLARE {cursor_name()} CURSOR FOR SELECT id FROM users")  # ok: a token


def raw(requested):
    return query_db(f"SELECT id FROM users LIMIT {raw_size(requested)}")  # expect: sql-injection
