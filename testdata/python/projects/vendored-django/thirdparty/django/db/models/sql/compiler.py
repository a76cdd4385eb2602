"""Django's compiler, vendored: inside Django, `as_sql()` is the ORM composing its SQL."""


class SQLCompiler:
    def __init__(self, query, connection):
        self.query = query
        self.connection = connection

    def as_sql(self):
        result = ["SELECT"]
        result.append(", ".join(self.query.select_sql))
        return " ".join(result), self.query.params

    def execute_sql(self):
        sql, params = self.as_sql()
        with self.connection.cursor() as cursor:
            # ok: sql-injection
            cursor.execute(sql, params)
            return cursor.fetchall()
