"""A query under `if x is None:` that fills `x`, with `x` bound before the loop, runs at
most once for the loop: after the first fill the test fails. A cache filled per key, with
the looked-up value bound in each iteration, runs once per distinct key: still an N+1, and
so is a fill that may leave `x` None (`fetchone()`) or a loop that binds `x` again."""
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


def generated_columns(table_name, rows):
    sql = None
    for row in rows:
        if sql is None and row.generated:
            # Rebound only inside the fill: still filled once.
            # ok: n-plus-one
            sql = _table_sql(table_name)
            sql = sql.strip()
        yield row.name, sql


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


def first_found(keys):
    found = None
    for key in keys:
        if found is None:
            # No row leaves `found` None: the next key queries again.
            # expect: n-plus-one@21
            found = conn.execute("SELECT id FROM orders WHERE code = ?", (key,)).fetchone()
    return found


def reset_each(items):
    current = None
    for item in items:
        if current is None:
            # expect: n-plus-one@28
            current = list(conn.execute("SELECT name FROM users WHERE id = ?", (item,)))
        print(current)
        current = None


def groups(rows):
    batch = None
    for row in rows:
        if batch is None:
            # expect: n-plus-one@21
            batch = conn.execute("SELECT id FROM batches WHERE owner = ?", (row.owner,)).fetchall()
        if len(batch) > 10:
            batch = None


def cached(keys, cache):
    config = None
    for key in keys:
        if config is None:
            # `.get()` may find nothing and leave `config` None.
            config = cache.get(key)
            # expect: n-plus-one@13
            conn.execute("SELECT id FROM hits WHERE key = ?", (key,))
        yield config


def nested_fill(keys):
    totals = None
    for key in keys:
        if totals is None:
            # A function of its own binds its own `totals`.
            # ok: n-plus-one
            totals = conn.execute("SELECT sum(amount) FROM orders WHERE scope = ?", ("all",)).fetchall()

            def reset():
                totals = None
                return totals

        yield key, totals
