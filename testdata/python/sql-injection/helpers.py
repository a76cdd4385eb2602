"""Helpers in the same module: SQL builders and wrappers that execute their parameter."""
import sqlite3

db = sqlite3.connect("app.db")


def run(query, params=()):
    cur = db.cursor()
    cur.execute(query, params)
    return cur.fetchall()


def run_twice(statement):
    return run(statement)


def build_filter(column, value):
    # expect: sql-injection@54
    return f"SELECT id FROM users WHERE {column} = '{value}'"


class Repository:
    TABLE = "users"

    def __init__(self, conn):
        self.conn = conn

    def execute(self, sql):
        return self.conn.execute(sql)

    def by_name(self, name):
        # expect: sql-injection@67
        return self.execute(f"SELECT id FROM users WHERE name = '{name}'")

    def all(self):
        # ok: sql-injection
        return self.execute(f"SELECT id FROM {self.TABLE}")


def callers(name, value):
    # expect: sql-injection@47
    run(f"SELECT id FROM users WHERE name = '{name}'")
    # expect: sql-injection@52
    run_twice("DELETE FROM users WHERE name = '" + name + "'")
    # ok: sql-injection
    run("SELECT id FROM users WHERE name = ?", (name,))
    # ok: sql-injection
    query = build_filter("name", value)
    run(query)
