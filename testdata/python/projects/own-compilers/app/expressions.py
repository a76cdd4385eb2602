"""A project expression beside Django's: in a module that uses Django, its own `as_sql()`
is still followed."""
from django.db import connection


class Condition:
    def __init__(self, text):
        self.text = text

    def as_sql(self, compiler, connection):
        return "(%s)" % self.text, []


def filtered(request):
    # expect: sql-injection@29
    sql, params = Condition(request.GET["q"]).as_sql(None, connection)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT id FROM items WHERE {sql}", params)


def compiled(compiler, node):
    # Django's compiler: the SQL half is the ORM's.
    sql, params = compiler.compile(node)
    with connection.cursor() as cursor:
        # ok: sql-injection
        cursor.execute(f"SELECT id FROM items WHERE {sql}", params)


def fixed(request):
    # What the instance holds is what its construction passed: a literal here.
    sql, params = Condition("archived IS FALSE").as_sql(None, connection)
    with connection.cursor() as cursor:
        # ok: sql-injection
        cursor.execute(f"SELECT id FROM items WHERE {sql}", params)
