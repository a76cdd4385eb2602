"""A lookup in the database's catalogs given a different table's name on each iteration
(`for table in tables`, a referred table unpacked from each row) inspects another table
each time: per-table introspection, not an N+1. The same lookup repeated for one table,
one per index or column of a table, or a catalog read that ignores the loop's table still
is one, and so is a lookup in an ordinary table keyed by a variable named `table`."""
import sqlite3

conn = sqlite3.connect("app.db")


def fts_tables(tables):
    found = {}
    for table in tables:
        # ok: n-plus-one
        row = conn.execute(
            "SELECT name FROM sqlite_master WHERE rootpage = 0 AND tbl_name = :table",
            {"table": table},
        ).fetchone()
        found[table] = row
    return found


def referred_by_position(foreign_keys):
    for row in foreign_keys:
        number, rtbl = (row[0], row[2])
        # ok: n-plus-one
        conn.execute("SELECT sql FROM sqlite_master WHERE name = ?", (rtbl,))


def _table_sql(table_name):
    return conn.execute(
        "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?", (table_name,)
    ).fetchone()


def referred_tables(foreign_keys):
    out = []
    for row in foreign_keys:
        _, other_table = row
        # ok: n-plus-one
        out.append(_table_sql(other_table))
    return out


def referred_in_schema(schema, foreign_keys):
    if schema not in ("main", "temp"):
        raise ValueError(schema)
    for _, other_table in foreign_keys:
        # The catalog under the attached database's name is still the catalog.
        # ok: n-plus-one
        conn.execute(f"SELECT sql FROM {schema}.sqlite_master WHERE name = ?", (other_table,))
        # ok: n-plus-one
        conn.execute("SELECT sql FROM %ssqlite_master WHERE name = ?" % (schema + "."), (other_table,))


def json_columns(table_name, columns):
    found = []
    for column in columns:
        # The same table's row, read again for every column.
        # expect: n-plus-one@15
        hit = conn.execute(
            "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ? AND sql LIKE ?",
            [table_name, f"%json_valid({column})%"],
        ).fetchone()
        if hit:
            found.append(column)
    return found


def index_sql():
    out = []
    for (_, index, _) in conn.execute("PRAGMA index_list(items)").fetchall():
        # One query for every index of the table, where one would do.
        # expect: n-plus-one@20
        out.append(conn.execute("SELECT sql FROM sqlite_master WHERE type = 'index' AND name = ?", [index]).fetchone())
    return out


def columns_per_table(tables, columns):
    for table in tables:
        for column in columns:
            # `table` is bound by the outer loop: the inner one repeats its lookup.
            # expect: n-plus-one@13
            conn.execute("SELECT sql FROM sqlite_master WHERE name = ?", (table,))


def views_per_table(tables):
    for table in tables:
        # The same catalog read on every iteration: it does not look at `table`.
        # expect: n-plus-one@9
        conn.execute("SELECT name FROM sqlite_master WHERE type = 'view'")


def orders_per_table(floor_tables):
    for table in floor_tables:
        # A restaurant's tables: an ordinary table, keyed per item.
        # expect: n-plus-one@9
        conn.execute("SELECT id FROM orders WHERE table_id = ?", (table,))


def column_types(table_name, columns):
    for column in columns:
        # `table` is rebound in the loop, but from the parameter: the same table each time.
        table = table_name.lower()
        # expect: n-plus-one@9
        conn.execute(
            "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ? AND sql LIKE ?",
            (table, f"%{column}%"),
        )


def named_tables(rows):
    for row in rows:
        table = row["name"].lower()
        # Read from the loop's item: another table each time.
        # ok: n-plus-one
        conn.execute("SELECT sql FROM sqlite_master WHERE name = ?", (table,))


def shadowed(tables, default_table):
    for table in tables:
        table = default_table
        # The loop's table is replaced by one fixed table.
        # expect: n-plus-one@9
        conn.execute("SELECT sql FROM sqlite_master WHERE name = ?", (table,))


def _view_allowed(action, resource=None):
    if action == "view-table" and resource is not None:
        database, table = resource
        conn.execute("SELECT name FROM sqlite_master WHERE type IN ('table', 'view') AND name = ?", (table,))
    return action != "deny"


def _logged_allowed(action, resource=None):
    conn.execute("SELECT name FROM sqlite_master WHERE name = ?", (resource,))
    return conn.execute("SELECT allowed FROM grants WHERE action = ?", (action,)).fetchone()


def ensure_permissions(permissions):
    for permission in permissions:
        action, resource = permission
        # A helper that only looks up what it is given, whatever the item's name.
        # ok: n-plus-one
        _view_allowed(action, resource=resource)
        # A helper that also reads an ordinary table per item.
        # expect: n-plus-one@9
        _logged_allowed(action, resource=resource)
