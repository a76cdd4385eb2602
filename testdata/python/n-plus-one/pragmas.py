"""A PRAGMA per index or per table (`index_info`, `index_xinfo`, `table_info`) reads one
schema object's metadata: no single statement returns it for several objects, so it is
no N+1. A read of an ordinary table per index still is."""
import sqlite3

conn = sqlite3.connect("app.db")


def quote_name(name):
    return '"%s"' % name.replace('"', '""')


def index_columns(table_name):
    cursor = conn.cursor()
    cursor.execute("PRAGMA index_list(%s)" % quote_name(table_name))
    columns = {}
    for row in cursor.fetchall():
        number, index, unique = row[:3]
        # ok: n-plus-one
        cursor.execute("PRAGMA index_info(%s)" % quote_name(index))
        columns[index] = [column for _, _, column in cursor.fetchall()]
        # ok: n-plus-one
        conn.execute(f"PRAGMA index_xinfo({quote_name(index)})")
    return columns


def table_columns():
    out = {}
    for (table,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'").fetchall():
        # ok: n-plus-one
        out[table] = conn.execute("PRAGMA table_info(%s)" % quote_name(table)).fetchall()
    return out


def index_usage(table_name):
    for (_, index, _) in conn.execute("PRAGMA index_list(%s)" % quote_name(table_name)).fetchall():
        # Notes kept per index are rows of an ordinary table: one query would do.
        # expect: n-plus-one@9
        conn.execute("SELECT note FROM index_notes WHERE index_name = ?", (index,))
