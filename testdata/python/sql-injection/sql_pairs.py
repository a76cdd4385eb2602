"""Helpers that return a `(sql, params)` pair: the SQL half is followed on its own, so a
fragment of quoted names stays trusted whatever its parameters hold (a SQL half that
carries a parameter is in `testdata/python/projects/sql-pairs`)."""
import sqlite3


class Editor:
    sql_alter = "ALTER TABLE %(table)s %(changes)s"
    sql_set_default = "ALTER COLUMN %(column)s SET DEFAULT %(default)s"

    def __init__(self, path):
        self.conn = sqlite3.connect(path)

    def quote_name(self, name):
        return '"%s"' % name.replace('"', '""')

    def _default_sql(self, column, default):
        return (
            self.sql_set_default % {"column": self.quote_name(column), "default": "?"},
            [default],
        )

    def _passed_params_sql(self, column, params):
        return "ALTER COLUMN %s DROP DEFAULT" % self.quote_name(column), params

    def set_default(self, table, column, default):
        changes_sql, params = self._default_sql(column, default)
        sql = self.sql_alter % {"table": self.quote_name(table), "changes": changes_sql}
        # ok: sql-injection
        self.conn.execute(sql, params)

    def drop_default(self, table, column, params):
        changes_sql, params = self._passed_params_sql(column, params)
        # ok: sql-injection
        self.conn.execute(f"ALTER TABLE {self.quote_name(table)} {changes_sql}", params)

    def set_default_swapped(self, table, column, default):
        # The halves are the other way round: the parameters are not SQL.
        params, changes_sql = self._default_sql(column, default)
        # expect: sql-injection
        self.conn.execute(f"ALTER TABLE t {changes_sql}")
