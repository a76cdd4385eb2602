"""A project's own `compile()` and `as_sql()`: its code, not Django's query compiler, so
what they return is what they build."""


class Filter:
    def __init__(self, column, value):
        self.column = column
        self.value = value

    def as_sql(self):
        return "%s = '%s'" % (self.column, self.value), []


class Builder:
    def compile(self, where):
        return "SELECT id FROM products WHERE " + where


class Setting:
    def __init__(self, value):
        self.value = value

    def load(self, form):
        # Set again from elsewhere: no longer only what the construction passed.
        self.value = form["value"]

    def as_sql(self):
        return "value = '%s'" % self.value, []

    def delete(self, conn):
        # ok: sql-injection
        conn.execute("DELETE FROM settings WHERE value = ?", (self.value,))
