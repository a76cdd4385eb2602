"""A query a helper runs counts in the caller's loop as it would written there."""
from .introspect import (
    described,
    ensure_table,
    fts_table,
    granted,
    owner_of,
    page_of_events,
    permission_allowed,
    primary_key_constraint,
    primary_keys,
    row_count,
    sqlite_version,
    table_columns,
    view_names,
)


def describe(conn, tables):
    out = {}
    for table in tables:
        # One statement per table, through the helper or through one it calls: no single
        # statement replaces them.
        # ok: n-plus-one
        columns = table_columns(conn, table)
        # ok: n-plus-one
        count = row_count(conn, table)
        # ok: n-plus-one
        keys = primary_keys(conn, table)
        # A call of a function of the database reads no table.
        # ok: n-plus-one
        version = sqlite_version(conn)
        # The same catalogue query on every iteration, and a lookup by key: N+1.
        # expect: n-plus-one@17
        views = view_names(conn)
        # expect: n-plus-one@17
        owner = owner_of(conn, table)
        out[table] = (columns, count, keys, version, views, owner)
    return out


def pages(conn, starts):
    # ok: n-plus-one
    return [page_of_events(conn, start) for start in starts]


def catalog(conn, tables):
    # A catalog lookup given each table in turn, itself or through a helper: each
    # inspects another table.
    # ok: n-plus-one
    fts = {table: fts_table(conn, table) for table in tables}
    constraints = []
    for table in tables:
        # ok: n-plus-one
        constraints.append(primary_key_constraint(conn, table))
        # The helper also reads an ordinary table by key.
        # expect: n-plus-one@9
        described(conn, table)
    return fts, constraints


def per_column(conn, table_name, columns):
    # The same table's lookup, once per column.
    # expect: n-plus-one@13
    return [fts_table(conn, table_name) for column in columns]


def setup(conn, tables):
    for table in tables:
        # Schema setup per table: DDL, decided by a catalog read.
        # ok: n-plus-one
        ensure_table(conn, table)


def ensure_permissions(conn, permissions):
    for permission in permissions:
        action, resource = permission
        # The helper only looks up the table it unpacks from `resource`: under any name,
        # the item names another schema object each time.
        # ok: n-plus-one
        permission_allowed(conn, action, resource=resource)
        # This one also reads an ordinary table for each item.
        # expect: n-plus-one@9
        granted(conn, action, resource=resource)
