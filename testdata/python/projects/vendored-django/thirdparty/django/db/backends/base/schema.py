"""Django's schema editor, vendored: its methods are given the migrations' models."""
import os


class BaseDatabaseSchemaEditor:
    sql_create_table = "CREATE TABLE %(table)s (%(definition)s)"

    def __init__(self, connection):
        self.connection = connection

    def execute(self, sql, params=()):
        with self.connection.cursor() as cursor:
            cursor.execute(sql, params)

    def quote_name(self, name):
        return self.connection.ops.quote_name(name)

    def column_sql(self, model, field):
        parts = [self.quote_name(field.column), field.db_type(connection=self.connection)]
        return " ".join(parts)

    def create_model(self, model):
        columns = [self.column_sql(model, field) for field in model._meta.local_fields]
        sql = self.sql_create_table % {
            "table": self.quote_name(model._meta.db_table),
            "definition": ", ".join(columns),
        }
        # ok: sql-injection
        self.execute(sql)

    def add_comment(self, model):
        # The environment is no part of the model.
        comment = os.environ["TABLE_COMMENT"]
        # expect: sql-injection
        self.execute(f"COMMENT ON TABLE {model._meta.db_table} IS '{comment}'")
