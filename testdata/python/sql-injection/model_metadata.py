"""Model metadata is code: what is read off a model's `_meta`, and the models and fields
a Django schema editor is given by the migrations, are names and types written in the
models, not input."""
from django.db import connection
from django.db.backends.postgresql.schema import DatabaseSchemaEditor


def count_rows(model):
    opts = model._meta
    with connection.cursor() as cursor:
        # ok: sql-injection
        cursor.execute('SELECT COUNT("%s") FROM "%s"' % (opts.pk.column, opts.db_table))


def null_columns(model):
    with connection.cursor() as cursor:
        for field in model._meta.local_fields:
            # ok: sql-injection
            cursor.execute(f"SELECT 1 FROM {model._meta.db_table} WHERE {field.column} IS NULL")


def lookup(model, name, value):
    column = model._meta.get_field(name).column
    with connection.cursor() as cursor:
        # ok: sql-injection
        cursor.execute(f"SELECT id FROM {model._meta.db_table} WHERE {column} = %s", [value])
        # The value is not the model's: still injection.
        # expect: sql-injection@83
        cursor.execute(f"SELECT id FROM {model._meta.db_table} WHERE {column} = '{value}'")


def drop_column(model, field):
    # Outside a schema editor, `field` may be anything.
    with connection.cursor() as cursor:
        # expect: sql-injection
        cursor.execute(f"ALTER TABLE {model._meta.db_table} DROP COLUMN {field.column}")


class SpatialEditor(DatabaseSchemaEditor):
    sql_add_index = "CREATE INDEX %(name)s ON %(table)s USING GIST (%(column)s)"

    def add_spatial_index(self, model, field):
        db_type = field.db_parameters(connection=self.connection)["type"]
        with self.connection.cursor() as cursor:
            # ok: sql-injection
            cursor.execute(
                self.sql_add_index
                % {
                    "name": "%s_%s_id" % (model._meta.db_table, field.column),
                    "table": model._meta.db_table,
                    "column": field.column,
                }
            )
            # ok: sql-injection
            cursor.execute(f"ALTER TABLE {model._meta.db_table} ADD {field.column} {db_type}")

    def rename_column(self, model, old_field, new_field):
        with self.connection.cursor() as cursor:
            for field in (old_field, new_field):
                # ok: sql-injection
                cursor.execute("ANALYZE %s" % field.model._meta.db_table)
