"""Django's query-expression protocol: `as_sql()` and `compiler.compile(node)` return the
SQL the ORM composed, with every value apart in the parameters beside it."""
import re

from django.db import connection
from django.db.models.expressions import RawSQL


def explain(queryset):
    sql, params = queryset.query.get_compiler(using="default").as_sql()
    with connection.cursor() as cursor:
        # ok: sql-injection
        cursor.execute(f"EXPLAIN {sql}", params)
        # The parameters are values, not SQL.
        # expect: sql-injection
        cursor.execute(f"SELECT {params[0]}")


def equals(compiler, node, name):
    sql, params = compiler.compile(node)
    # ok: sql-injection
    RawSQL(f"{sql} = %s", [*params, name])
    # expect: sql-injection
    return RawSQL(f"{sql} = '{name}'", params)


def matches(pattern, column):
    check = re.compile(pattern)
    if not check.fullmatch(column):
        raise ValueError(column)
    # A pattern from a parameter validates nothing.
    with connection.cursor() as cursor:
        # expect: sql-injection
        cursor.execute(f"SELECT {column} FROM items")
