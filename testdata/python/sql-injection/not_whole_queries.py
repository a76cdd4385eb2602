"""Statements that end in a name or a value spelled like a query are no whole-query
wrappers: the parameter is a schema, a setting or a prepared statement's name."""
import psycopg2

conn = psycopg2.connect("")


def use_schema(schema):
    # expect: sql-injection
    conn.cursor().execute("SET search_path TO " + schema)


def use_schema_equals(schema):
    # expect: sql-injection
    conn.cursor().execute("SET search_path = " + schema)


def show(setting):
    # expect: sql-injection
    conn.cursor().execute("SHOW " + setting)


def execute_prepared(name):
    # expect: sql-injection
    conn.cursor().execute("EXECUTE " + name)


def explain(query):
    # A query in the place of a query is its callers' to judge.
    # ok: sql-injection
    conn.cursor().execute("EXPLAIN " + query)


def setup():
    use_schema("public")
    use_schema_equals("public")
    show("work_mem")
    execute_prepared("plan")
    explain("SELECT 1")
