"""Lists and dicts filled one item at a time, read through `.values()`, `.items()`, `zip()`
and generators: the SQL joined from them is as trusted as what was put in."""
from contextlib import contextmanager

from psycopg2.extensions import quote_ident


def search(conn, name, city):
    conditions = ["active"]
    if name:
        # expect: sql-injection@38
        conditions.append(f"name = '{name}'")
    conditions.append("city = %s")
    conn.execute("SELECT id FROM users WHERE " + " AND ".join(conditions), [city])


def search_parameterised(conn, name, city):
    conditions = []
    params = []
    if name:
        conditions.append("name = %s")
        params.append(name)
    conditions.extend(["city = %s", "active"])
    params.append(city)
    # ok: sql-injection
    conn.execute("SELECT id FROM users WHERE " + " AND ".join(conditions), params)


def filled_dict(conn, column):
    exprs = {"id": "id"}
    exprs["extra"] = column
    # expect: sql-injection@53
    conn.execute("SELECT %s FROM users" % ", ".join(exprs.values()))


def quoted_dict(conn, columns):
    quoted = {c: quote_ident(c, conn) for c in columns}
    # ok: sql-injection
    conn.execute("SELECT %s FROM users" % ", ".join(quoted.values()))
    for column, name in quoted.items():
        # ok: sql-injection
        # expect: n-plus-one@9
        conn.execute(f"SELECT {name} FROM users")
        # The key is the column as given.
        # expect: sql-injection@32, n-plus-one@9
        conn.execute(f"SELECT {column} FROM users")


def zipped(conn, columns, labels):
    for name, label in zip([quote_ident(c, conn) for c in columns], labels):
        # ok: sql-injection
        # expect: n-plus-one@9
        conn.execute(f"SELECT {name} FROM users")
        # expect: sql-injection@53, n-plus-one@9
        conn.execute(f"SELECT {name} FROM users AS {label}")


def quoted_columns(conn, columns):
    for column in columns:
        yield quote_ident(column, conn)


def raw_columns(columns):
    yield from columns


def from_generators(conn, columns):
    # ok: sql-injection
    conn.execute("SELECT %s FROM users" % ", ".join(quoted_columns(conn, columns)))
    # expect: sql-injection@53
    conn.execute("SELECT %s FROM users" % ", ".join(raw_columns(columns)))


@contextmanager
def cursor_of(conn):
    cur = conn.cursor()
    yield cur
    cur.close()


def through_context_manager(conn, name):
    with cursor_of(conn) as cur:
        # expect: sql-injection@59
        cur.execute(f"SELECT id FROM users WHERE name = '{name}'")


def left_as_it_was(conn, table):
    quoted = quote_ident(table, conn)
    if quoted == table:
        # The quoting changed nothing: `table` is a plain name.
        # ok: sql-injection
        conn.execute(f'SELECT id FROM "{table}"')
    if table == conn.default_table:
        # Equal to another value nothing vouches for.
        # expect: sql-injection@41
        conn.execute(f'SELECT id FROM "{table}"')


def combined(conn, columns, name):
    actions = [(f"DROP COLUMN {quote_ident(c, conn)}", ()) for c in columns]
    actions += [("ADD COLUMN note text", ())]
    sql, params = tuple(zip(*actions))
    # ok: sql-injection
    conn.execute("ALTER TABLE users " + ", ".join(sql))
    # expect: sql-injection@31
    actions += [(f"RENAME TO {name}", ())]
    sql, params = tuple(zip(*actions))
    conn.execute("ALTER TABLE users " + ", ".join(sql))


def walk(node):
    yield node.name
    for child in node.children:
        yield from walk(child)


def names_of(conn, tree):
    # A recursive generator gives what its arguments hold.
    # expect: sql-injection@53
    conn.execute("SELECT %s FROM users" % ", ".join(walk(tree)))
