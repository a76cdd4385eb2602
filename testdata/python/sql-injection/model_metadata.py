"""Model metadata is code: what is read off a model's `_meta`, and the models and fields
a Django schema editor is given by the migrations, are names and types written in the
models, not input."""
import operator

from django.db import connection, models
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


def link_columns(model):
    tags = model._meta.get_field("tags")
    with connection.cursor() as cursor:
        # ok: sql-injection
        cursor.execute("SELECT %s, %s FROM %s" % (tags.m2m_column_name(), tags.m2m_reverse_name(), tags.m2m_db_table()))


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


# What metadata methods are given stays what it was.


def converted(request, model):
    value = model._meta.get_field("name").to_python(request.GET["name"])
    with connection.cursor() as cursor:
        # expect: sql-injection
        cursor.execute(f"SELECT id FROM {model._meta.db_table} WHERE name = '{value}'")


def prepared(request, model):
    field = model._meta.get_field("name")
    value = field.get_prep_value(request.GET["name"])
    with connection.cursor() as cursor:
        # expect: sql-injection
        cursor.execute(f"SELECT id FROM {model._meta.db_table} WHERE name = '{value}'")


def audit(model, obj):
    with connection.cursor() as cursor:
        for field in model._meta.fields:
            # A value stored in the row, not a part of the model.
            value = field.value_from_object(obj)
            # expect: sql-injection, n-plus-one@13
            cursor.execute(f"INSERT INTO audit (col, val) VALUES ('{field.column}', '{value}')")


def export_titles(model):
    with connection.cursor() as cursor:
        # Rows read through the model's manager are data.
        for row in model._meta.default_manager.iterator():
            # expect: sql-injection, n-plus-one@13
            cursor.execute(f"INSERT INTO export (title) VALUES ('{row.title}')")


def related_fields(model):
    return sorted(model._meta.get_fields(include_hidden=True), key=operator.attrgetter("name"))


def related_pairs(old_field, new_field):
    for old_rel, new_rel in zip(related_fields(old_field.model), related_fields(new_field.model)):
        yield old_rel, new_rel
        yield from related_pairs(old_rel.remote_field, new_rel.remote_field)


class NotesEditor(DatabaseSchemaEditor):
    def alter_related(self, model, old_field, new_field):
        with self.connection.cursor() as cursor:
            for old_rel, new_rel in related_pairs(old_field, new_field):
                rel_type = new_rel.field.db_parameters(connection=self.connection)["type"]
                # ok: sql-injection
                cursor.execute(f"ALTER TABLE {new_rel.model._meta.db_table} TYPE {rel_type}")

    def note(self, model, text):
        # Only the models, fields, indexes and constraints are the migration's.
        with self.connection.cursor() as cursor:
            # expect: sql-injection
            cursor.execute("INSERT INTO notes (body) VALUES ('%s')" % text)

    def wipe(self, cursor, model):
        # A cursor parameter is still a cursor: what it reads is data.
        cursor.execute("SELECT name FROM audit_names")
        # expect: unbounded-fetch@24
        for (name,) in cursor.fetchall():
            # expect: sql-injection
            cursor.execute(f"DROP TABLE {name}")

    def rename_table(self, model, old_db_table: str, new_db_table: str):
        # ok: sql-injection
        self.execute(f"ALTER TABLE {old_db_table} RENAME TO {new_db_table}")
        # ok: sql-injection
        self.execute(f"ANALYZE {model._meta.db_table}")

    def column_sql(self, model, field):
        parts = [self.quote_name(field.column), field.db_type(connection=self.connection)]
        for constraint in model._meta.constraints:
            # A constraint's own SQL, from its definition and this editor.
            parts.append(constraint.constraint_sql(model, self))
        # The database operations write SQL for the names they are given.
        parts.append(self.connection.ops.tablespace_sql(model._meta.db_tablespace))
        return " ".join(parts)

    def add_columns(self, model, fields, comment):
        with self.connection.cursor() as cursor:
            for field in fields:
                definition = self.column_sql(model, field)
                # ok: sql-injection
                cursor.execute(f"ALTER TABLE {model._meta.db_table} ADD {definition}")

                def on_commit():
                    # A function nested in a method calls the editor's own methods.
                    # ok: sql-injection
                    cursor.execute(f"COMMENT ON COLUMN x IS {self.column_sql(model, field)}")

                on_commit()
            # ok: sql-injection
            cursor.execute("COMMENT ON TABLE x IS %s" % self.connection.ops.quote_value(comment))
            # expect: sql-injection
            cursor.execute(f"SELECT {self.connection.ops.date_trunc_sql(comment, 'x')} FROM x")
            # expect: sql-injection
            cursor.execute(f"SELECT {field.get_db_prep_value(comment, self.connection)} FROM x")


def create_cache_table(table):
    fields = (
        models.CharField(name="cache_key", max_length=255, primary_key=True),
        models.TextField(name="value"),
    )
    columns = []
    for field in fields:
        columns.append(f'"{field.name}" {field.db_type(connection=connection)}')
    with connection.cursor() as cursor:
        # ok: sql-injection
        cursor.execute('CREATE TABLE "cache" (%s)' % ", ".join(columns))


def create_link_table(table):
    fields = (
        models.ForeignKey("auth.User", on_delete=models.CASCADE, name="owner"),
        models.IntegerField(name="rank"),
    )
    columns = [f'"{field.name}" {field.db_type(connection=connection)}' for field in fields]
    with connection.cursor() as cursor:
        # ok: sql-injection
        cursor.execute('CREATE TABLE "links" (%s)' % ", ".join(columns))


def create_named_table(name):
    # A field named by the caller is not a definition in code.
    fields = (models.ForeignKey("auth.User", on_delete=models.CASCADE, name=name),)
    # expect: sql-injection@20
    columns = [f'"{field.name}" {field.db_type(connection=connection)}' for field in fields]
    with connection.cursor() as cursor:
        cursor.execute('CREATE TABLE "named" (%s)' % ", ".join(columns))
