"""Every string-building form, into DB-API cursors."""
import sqlite3

import psycopg2

conn = psycopg2.connect("dbname=app")


def fstring(user_id):
    cur = conn.cursor()
    # expect: sql-injection@52
    cur.execute(f"SELECT id FROM users WHERE id = {user_id}")


def fstring_repr_and_spec(name, width):
    cur = conn.cursor()
    # expect: sql-injection@54
    cur.execute(f"SELECT id FROM users WHERE name = {name!r}")
    # expect: sql-injection@55
    cur.execute(f"SELECT id FROM users WHERE code = '{name:>10}'")


def nested_fstring(name):
    cur = conn.cursor()
    # expect: sql-injection@57
    cur.execute(f"SELECT id FROM users WHERE {f'name = {name}'}")


def percent_tuple(name, email):
    cur = conn.cursor()
    # expect: sql-injection@78
    cur.execute("SELECT id FROM users WHERE name = '%s' AND email = '%s'" % (name,
    # one finding per query: `email` is a secondary label of the finding above
                                                                             email))


def percent_dict(name):
    cur = conn.cursor()
    # expect: sql-injection@69
    cur.execute("SELECT id FROM users WHERE name = '%(n)s'" % {"n": name})


def format_positional_and_named(table, name):
    cur = conn.cursor()
    # expect: sql-injection@60
    cur.execute("SELECT id FROM {} WHERE name = %s".format(table), (name,))
    # expect: sql-injection@74
    cur.execute("SELECT id FROM users WHERE name = '{name}'".format(name=name))


def concatenation(name):
    cur = conn.cursor()
    # expect: sql-injection@57
    cur.execute("SELECT id FROM users WHERE name = '" + name + "'")


def augmented(name, email):
    sql = "SELECT id FROM users WHERE true"
    if name:
        # expect: sql-injection@32
        sql += f" AND name = '{name}'"
    else:
        sql += " AND name IS NULL"
    # reported with the `name` finding above, as a secondary label
    sql = sql + " AND email = '" + email + "'"
    cur = conn.cursor()
    cur.execute(sql)


def joined(columns):
    cur = conn.cursor()
    # expect: sql-injection@39
    cur.execute("SELECT " + ", ".join(columns) + " FROM users")


def replaced(table):
    template = "SELECT id FROM {table}"
    # expect: sql-injection@41
    query = template.replace("{table}", table)
    conn.cursor().execute(query)


def loop_built(filters):
    sql = "SELECT id FROM users WHERE true"
    for column in filters:
        # expect: sql-injection@24
        sql += f" AND {column} = %s"
    cur = conn.cursor()
    cur.execute(sql, list(filters.values()))


def many(rows, table):
    cur = conn.cursor()
    # expect: sql-injection@36
    cur.executemany(f"INSERT INTO {table} (a) VALUES (%s)", rows)


def script(lite: sqlite3.Connection, table):
    # expect: sql-injection@38
    lite.executescript(f"DROP TABLE {table};")


def by_keyword(name):
    cur = conn.cursor()
    # expect: sql-injection@61
    cur.execute(query=f"SELECT id FROM users WHERE name = '{name}'")


def request_data(request):
    cur = conn.cursor()
    # expect: sql-injection@60
    cur.execute("SELECT id FROM users WHERE name = '%s'" % request.GET["name"])


def coerced(page):
    cur = conn.cursor()
    # A number cannot carry SQL: converted values are not reported unless
    # `coerced-injection-severity` asks for them.
    # ok: sql-injection
    cur.execute(f"SELECT id FROM users LIMIT 10 OFFSET {int(page) * 10}")
    # ok: sql-injection
    cur.execute("SELECT id FROM users WHERE id = %d" % page)


def opaque_mapping(parameters):
    cur = conn.cursor()
    # expect: sql-injection@59
    cur.execute("CREATE DATABASE %(dbname)s %(suffix)s" % parameters)
