"""psycopg's client-side cursor holds every row once `execute` returns: iterating it
streams nothing. A named (server-side) cursor brings the rows a batch at a time."""
import psycopg2


def export(conn):
    cur = conn.cursor()
    cur.execute("SELECT id, payload FROM events")
    # expect: unbounded-fetch@16
    for row in cur:
        print(row)


def export_with(conn):
    with conn.cursor() as cur:
        cur.execute("SELECT id FROM events")
        # expect: unbounded-fetch@35
        return [row[0] for row in cur]


def parameter_cursor(cur):
    sql = "SELECT id FROM events"
    cur.execute(sql)
    # expect: unbounded-fetch@16
    for row in cur:
        yield row


# Negatives.


def named(conn):
    cur = conn.cursor(name="export")
    cur.execute("SELECT id, payload FROM events")
    # ok: unbounded-fetch
    for row in cur:
        print(row)


def named_positionally(conn):
    with conn.cursor("export") as cur:
        cur.execute("SELECT id FROM events")
        # ok: unbounded-fetch
        for row in cur:
            print(row)


def named_by_variable(conn, cursor_name):
    cur = conn.cursor(cursor_name)
    cur.execute("SELECT id FROM events")
    # ok: unbounded-fetch
    for row in cur:
        print(row)


def itersize(cur):
    # Only a server-side cursor heeds `itersize`: setting it says this one is.
    cur.itersize = 5000
    cur.execute("SELECT id FROM events")
    # ok: unbounded-fetch
    for row in cur:
        print(row)


def dict_rows(conn):
    cur = conn.cursor(cursor_factory=psycopg2.extras.RealDictCursor)
    cur.execute("SELECT id FROM events")
    # expect: unbounded-fetch@16
    for row in cur:
        print(row)


def filtered(conn, since):
    cur = conn.cursor()
    cur.execute("SELECT id FROM events WHERE created_at > %s", (since,))
    # ok: unbounded-fetch
    for row in cur:
        print(row)


def paged(conn):
    cur = conn.cursor()
    cur.execute("SELECT id FROM events ORDER BY id LIMIT 500")
    # ok: unbounded-fetch
    for row in cur:
        print(row)


def counted(conn):
    cur = conn.cursor()
    cur.execute("SELECT kind, count(*) FROM events GROUP BY kind")
    # ok: unbounded-fetch
    return {kind: n for kind, n in cur}


def reassigned(conn, rows):
    cur = conn.cursor()
    cur.execute("SELECT id FROM events")
    cur = rows
    # ok: unbounded-fetch
    for row in cur:
        print(row)


def connected_here(dsn):
    # The connection's DSN is no cursor name.
    conn = psycopg2.connect(dsn)
    cur = conn.cursor()
    cur.execute("SELECT id FROM events")
    # expect: unbounded-fetch@16
    for row in cur:
        print(row)
