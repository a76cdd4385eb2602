"""Tricky code that must stay quiet."""
import logging
import re

import psycopg2
from psycopg2 import sql

conn = psycopg2.connect("dbname=app")
TABLE = "users"
COLUMNS = {"name": "name", "email": "email_address"}
ALLOWED = ("name", "email")
BASE = "SELECT id, name FROM users"
log = logging.getLogger(__name__)


def parameters(user_id, name):
    cur = conn.cursor()
    # ok: sql-injection
    cur.execute("SELECT id FROM users WHERE id = %s AND name = %s", (user_id, name))
    # ok: sql-injection
    cur.execute("SELECT id FROM users WHERE name = %(name)s", {"name": name})


def constants_only():
    cur = conn.cursor()
    # ok: sql-injection
    cur.execute(f"SELECT id FROM {TABLE}")
    # ok: sql-injection
    cur.execute(BASE + " WHERE active")
    limit = 10
    # ok: sql-injection
    cur.execute(f"SELECT id FROM users LIMIT {limit}")


def allow_listed(column):
    if column not in ALLOWED:
        raise ValueError(column)
    cur = conn.cursor()
    # ok: sql-injection
    cur.execute(f"SELECT id FROM users ORDER BY {column}")


def allow_listed_positive(column):
    cur = conn.cursor()
    if column in ("name", "email"):
        # ok: sql-injection
        cur.execute(f"SELECT id FROM users ORDER BY {column}")


def chosen_from_constants(key, descending):
    column = COLUMNS[key]
    direction = "DESC" if descending else "ASC"
    cur = conn.cursor()
    # ok: sql-injection
    cur.execute(f"SELECT id FROM users ORDER BY {column} {direction}")


def placeholder_list(ids):
    placeholders = ", ".join(["%s"] * len(ids))
    cur = conn.cursor()
    # ok: sql-injection
    cur.execute(f"SELECT id FROM users WHERE id IN ({placeholders})", ids)
    marks = ",".join("%s" for _ in ids)
    # ok: sql-injection
    cur.execute("SELECT id FROM users WHERE id IN (" + marks + ")", ids)


def composed(table, name):
    cur = conn.cursor()
    query = sql.SQL("SELECT id FROM {} WHERE name = %s").format(sql.Identifier(table))
    # ok: sql-injection
    cur.execute(query, (name,))


def only_logged(name):
    # ok: sql-injection
    log.info(f"SELECT id FROM users WHERE name = '{name}'")
    # ok: sql-injection
    print("SELECT * FROM users WHERE name = '%s'" % name)
    # ok: sql-injection
    raise ValueError(f"bad query: SELECT {name}")


def not_a_database(name, pattern):
    # ok: sql-injection
    re.compile(pattern).search(f"SELECT {name}")
    scheduler = object()
    # ok: sql-injection
    scheduler.execute(f"job {name}")


def quoted_identifier(connection, table):
    qn = connection.ops.quote_name
    cur = connection.cursor()
    # ok: sql-injection
    cur.execute("SELECT id FROM %s" % qn(table))


def unknown_whole_query(query_from_elsewhere):
    cur = conn.cursor()
    # ok: sql-injection
    cur.execute(query_from_elsewhere)


def escaped_quotes(cur, name, table):
    safe = name.replace("'", "''")
    # ok: sql-injection
    cur.execute(f"SELECT id FROM users WHERE name = '{safe}'")
    quoted = '"' + table.replace('"', '""') + '"'
    # ok: sql-injection
    cur.execute(f"SELECT id FROM {quoted}")


def numbers_from_range(cur, count):
    for i in range(count):
        # ok: sql-injection, n-plus-one
        cur.execute("SELECT " + str(i))


ORDERINGS = {"newest": "created_at DESC", "name": "name"}
SELECTABLE = {"id", "name", "email"}


def constant_containers(cur, key, user_id):
    columns = ", ".join(sorted(SELECTABLE))
    # ok: sql-injection
    cur.execute(f"SELECT {columns} FROM users WHERE id = %s", (user_id,))
    # ok: sql-injection
    cur.execute(f"SELECT id FROM users WHERE id = %s ORDER BY {ORDERINGS.get(key, 'id')}", (user_id,))



def _double_quoted(name):
    return '"' + name.replace('"', '""') + '"'


def aliased_quoter(cur, table):
    escape = _double_quoted
    # ok: sql-injection
    cur.execute(f"SELECT id FROM {escape(table)} LIMIT 5")
