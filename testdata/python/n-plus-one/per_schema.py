"""A catalog lookup given each schema or database in turn (`for schema in schemas`) reads
another database's catalog rows each time: introspection, not an N+1. An ordinary table
keyed by the schema's name, or a catalog read that ignores it, still is one."""
import psycopg2

conn = psycopg2.connect("dbname=app")


def columns_per_schema(schemas):
    cur = conn.cursor()
    out = {}
    for schema in schemas:
        # ok: n-plus-one
        cur.execute(
            "SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = %s",
            (schema,),
        )
        out[schema] = cur.fetchall()
    for db_name in out:
        # ok: n-plus-one
        cur.execute("SELECT routine_name FROM information_schema.routines WHERE routine_schema = %s", (db_name,))
    return out


def quotas_per_schema(schemas):
    cur = conn.cursor()
    for schema_name in schemas:
        # Quotas are rows of an ordinary table, keyed by the schema's name.
        # expect: n-plus-one@9
        cur.execute("SELECT quota FROM tenant_quotas WHERE schema_name = %s", (schema_name,))
        # The same catalog read each time: it does not look at the schema.
        # expect: n-plus-one@9
        cur.execute("SELECT schema_name FROM information_schema.schemata")
