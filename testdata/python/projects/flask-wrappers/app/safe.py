import uuid

from .db import query_db
from .sql import ALLOWED_COLUMNS
from .text import query

USERS_SQL = "SELECT id, name FROM users WHERE active = 1 LIMIT 100"
SORTS = {"newest": "created_at DESC", "name": "name"}


def new_token():
    return uuid.uuid4().hex


def sort_clause(key):
    return SORTS.get(key, "id")


def active_users():
    return query_db(USERS_SQL)  # ok: a module constant


def listed_columns(user_id):
    columns = ", ".join(sorted(ALLOWED_COLUMNS))
    return query_db(f"SELECT {columns} FROM users WHERE id = ?", (user_id,))  # ok: constants of another module


def tokened(user_id):
    return query_db(f"UPDATE users SET token = '{new_token()}' WHERE id = ?", (user_id,))  # ok: a UUID


def hint(term):
    return query(f"search for {term}")  # ok: not a database call


def sorted_by(key, user_id):
    return query_db(f"SELECT id FROM users WHERE team = ? ORDER BY {sort_clause(key)}", (user_id,))  # ok: an allow-listed clause


def unrelated(finder, term):
    return finder.select(f"name = '{term}'")  # ok: an object of unknown kind
