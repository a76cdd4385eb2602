import sqlite3

import psycopg2

conn = sqlite3.connect("app.db")
TENANTS = ("acme", "globex")
TABLES = ("events", "audit")


def insert_per_row(rows):
    cur = conn.cursor()
    for kind, at in rows:
        # expect: n-plus-one@9
        cur.execute("INSERT INTO events (kind, at) VALUES (?, ?)", (kind, at))


def update_per_item(prices):
    pg = psycopg2.connect("dbname=shop")
    cur = pg.cursor()
    for product_id, price in prices.items():
        # expect: n-plus-one@9
        cur.execute("UPDATE products SET price = %s WHERE id = %s", (price, product_id))


def delete_per_row_of_a_query():
    for (event_id,) in conn.execute("SELECT id FROM events WHERE kind = 'old'").fetchall():
        # expect: n-plus-one@9
        conn.execute("DELETE FROM events WHERE id = ?", (event_id,))


def in_a_while_loop(queue):
    while queue:
        item = queue.pop()
        # expect: n-plus-one@9
        conn.execute("INSERT INTO done (item) VALUES (?)", (item,))


# Negatives.


def batched(rows):
    # ok: n-plus-one
    conn.executemany("INSERT INTO events (kind, at) VALUES (?, ?)", rows)


def schema_per_tenant():
    for tenant in TENANTS:
        # ok: n-plus-one
        conn.execute(f'CREATE TABLE IF NOT EXISTS "{tenant}_events" (id integer)')


def one_statement_per_table():
    for table in TABLES:
        # ok: n-plus-one
        conn.execute(f"SELECT count(*) FROM {table}")
        # ok: n-plus-one
        conn.execute(f"DELETE FROM {table} WHERE created < date('now', '-30 day')")


def stops_after_the_first(rows):
    for row in rows:
        if row[0] == "admin":
            # ok: n-plus-one
            conn.execute("INSERT INTO audit (who) VALUES (?)", (row[1],))
            break


def returns_in_the_first_iteration(rows):
    for row in rows:
        # ok: n-plus-one
        return conn.execute("SELECT name FROM users WHERE id = ?", (row,)).fetchone()


def query_outside_the_loop(ids):
    # ok: n-plus-one
    names = conn.execute("SELECT id, name FROM users WHERE active = 1").fetchall()
    return [n for n in names if n[0] in ids]


def a_nested_break_leaves_only_the_inner_loop(groups):
    for group in groups:
        for member in group:
            # expect: n-plus-one@13
            conn.execute("INSERT INTO members (name) VALUES (?)", (member,))
            break


def same_table_under_a_schema(conn, schema, names):
    for name in names:
        # expect: n-plus-one@9, sql-injection
        conn.execute(f"SELECT sql FROM {schema}.sqlite_master WHERE name = ?", (name,))
