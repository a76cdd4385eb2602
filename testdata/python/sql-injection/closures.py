"""A nested function reads the variables of the function it is defined in: as they are
where it is defined or at the end of that function, the riskier of the two."""
import sqlite3

from psycopg import sql

PRAGMAS = ("cipher", "kdf_iter")


def quote_identifier(name):
    return '"' + name.replace('"', '""') + '"'


def connect_hook(url):
    passphrase = quote_identifier(url.password or "")
    cipher = quote_identifier(url.query["cipher"])

    def on_connect(conn):
        cursor = conn.cursor()
        # ok: sql-injection
        cursor.execute(f"pragma key={passphrase}")
        for prag in PRAGMAS:
            # ok: sql-injection
            cursor.execute(f"pragma {prag}={cipher}")

    return on_connect


def raw_hook(url):
    password = url.password

    def on_connect(conn):
        # The enclosing function's value, unquoted.
        # expect: sql-injection
        conn.execute("pragma key='{}'".format(password))

    return on_connect


def late_binding(table):
    name = sql.Identifier(table)

    def count(conn):
        # Rebound after the definition: a call after that sees the parameter.
        # expect: sql-injection
        return conn.execute("SELECT count(*) FROM {}".format(name)).fetchone()

    name = table
    return count


def parameter_of_the_enclosing(conn, table):
    def count():
        # The enclosing function's parameter, not one of `count`'s own.
        # expect: sql-injection
        return conn.execute("SELECT count(*) FROM " + table).fetchone()

    return count


def own_variable():
    def count(conn, table):
        # expect: sql-injection
        return conn.execute("SELECT count(*) FROM " + table).fetchone()

    return count(sqlite3.connect("app.db"), "users")
