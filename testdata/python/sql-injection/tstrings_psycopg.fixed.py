"""psycopg 3.3 executes template strings (Python 3.14) as parameterised queries: each
field is sent apart from the SQL text, so no field is an injection. The text around them
is still SQL, checked by every rule."""
import psycopg

conn = psycopg.connect("dbname=app")


def find(user_id, name, table, order):
    cur = conn.cursor()
    # ok: sql-injection
    cur.execute(t"SELECT id FROM users WHERE id = {user_id} AND name = {name}")
    # ok: sql-injection
    conn.execute(t"SELECT id FROM {table:i} ORDER BY {order:i}")
    query = t"DELETE FROM sessions WHERE owner = {name}"
    # ok: sql-injection
    cur.execute(query)
    # A string built first is one parameter, not SQL text.
    pattern = f"%{name}%"
    # ok: sql-injection
    cur.execute(t"SELECT id FROM users WHERE name LIKE {pattern}")


def nested(name, active):
    where = t"name = {name}"
    if active:
        where = t"{where:q} AND active"
    # ok: sql-injection
    conn.execute(t"SELECT id FROM users WHERE {where:q}")


def still_sql(name):
    cur = conn.cursor()
    # The text of a template is SQL: `SELECT *` is still flagged there.
    # expect: select-star@26
    cur.execute(t"SELECT * FROM users WHERE name = {name}")
    # An f-string is text, even in a module whose driver takes templates.
    # expect: sql-injection@55
    cur.execute("SELECT id FROM users WHERE name = %s", (name,))
