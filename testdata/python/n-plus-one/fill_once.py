"""A query under `if x is None:` that fills `x`, with `x` bound before the loop, runs at
most once for the loop: after the first fill the test fails. A cache filled per key, with
the looked-up value bound in each iteration, runs once per distinct key: still an N+1."""
import sqlite3

conn = sqlite3.connect("app.db")


def _table_sql(table_name):
    return conn.execute("SELECT sql FROM tables WHERE name = ?", (table_name,)).fetchone()


def columns(table_name, rows):
    sql = None
    out = []
    for row in rows:
        if sql is None and row.generated:
            # ok: n-plus-one
            sql = _table_sql(table_name)
        out.append((row.name, sql))
    return out


def settings(keys):
    defaults: dict | None = None
    for key in keys:
        if defaults is None:
            # ok: n-plus-one
            defaults = dict(conn.execute("SELECT key, value FROM defaults WHERE scope = ?", ("app",)).fetchall())
        yield key, defaults.get(key)


def authors(books, cache):
    for book in books:
        author = cache.get(book.author_id)
        if author is None:
            # expect: n-plus-one@22
            author = conn.execute("SELECT name FROM authors WHERE id = ?", (book.author_id,)).fetchone()
            cache[book.author_id] = author
        yield book, author


def per_table(tables, rows):
    for table in tables:
        sql = None
        for row in rows:
            if sql is None:
                # Filled once per table of the outer loop.
                # expect: n-plus-one@23
                sql = _table_sql(table)
            yield row, sql


def unfilled(rows):
    missing = None
    for row in rows:
        if missing is None:
            # The test never stops holding: nothing fills `missing`.
            # expect: n-plus-one@13
            conn.execute("SELECT id FROM audit WHERE row_id = ?", (row.id,))
