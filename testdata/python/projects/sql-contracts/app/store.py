"""Functions that take SQL by contract: a whole query after `EXPLAIN`, fragments in
parameters named for their clause. Nothing is reported here; their callers' SQL is judged
where it is passed, in this module or another."""
import sqlite3

conn = sqlite3.connect("app.db")


def explain(query):
    # ok: sql-injection
    return conn.execute("EXPLAIN QUERY PLAN " + query).fetchall()


class Store:
    def __init__(self, table):
        self.table = table

    def rows_where(self, where="1 = 1", order_by="rowid", limit=None):
        sql = f"SELECT id, name FROM users WHERE {where} ORDER BY {order_by}"
        # ok: sql-injection
        return conn.execute(sql).fetchall()

    def count_where(self, where):
        # ok: sql-injection
        return conn.execute("SELECT count(*) FROM users WHERE " + where).fetchone()
