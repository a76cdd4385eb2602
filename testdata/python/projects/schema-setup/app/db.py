"""A helper that changes the schema and reads only the catalogs to decide what to change
(create a table unless it exists) is schema setup: called per item it is DDL per item, not
an N+1. One that also reads an ordinary table, or reads the catalogs without changing
anything, is still judged by its reads."""
import sqlite3


def quote_identifier(name):
    return '"' + name.replace('"', '""') + '"'


class Database:
    def __init__(self, path):
        self.conn = sqlite3.connect(path)

    def execute(self, sql, params=None):
        return self.conn.execute(sql, params or [])

    def table_names(self):
        return [r[0] for r in self.execute("SELECT name FROM sqlite_master WHERE type = 'table'").fetchall()]

    def create_table(self, name, columns):
        if name in self.table_names():
            return
        cols = ", ".join(quote_identifier(c) for c in columns)
        self.execute(f"CREATE TABLE {quote_identifier(name)} ({cols})")

    def ensure_lookup(self, name):
        self.create_table(name, ["id", "value"])
        self.execute(f"CREATE INDEX IF NOT EXISTS {quote_identifier(name + '_value')} ON {quote_identifier(name)} (value)")

    def register(self, name):
        self.create_table(name, ["id", "value"])
        return self.execute("SELECT owner FROM registry WHERE name = ?", (name,)).fetchone()

    def has_table(self, name):
        return name in self.table_names()

    def extract(self, extracts):
        for column, table in extracts.items():
            # ok: n-plus-one
            self.create_table(table, ["id", "value"])
            # ok: n-plus-one
            self.ensure_lookup(table)
            # It also reads the registry, an ordinary table, per item.
            # expect: n-plus-one@13
            self.register(table)
            # The same catalog read per item, changing nothing.
            # expect: n-plus-one@13
            self.has_table(table)

    def add_foreign_keys(self, foreign_keys):
        for table, column, other_table in foreign_keys:
            # Checks of each entry of the caller's spec, in a function that then changes
            # the schema: that setup's checks.
            # ok: n-plus-one
            if not self.has_table(table) or not self.has_table(other_table):
                raise ValueError(table)
        for table, column, other_table in foreign_keys:
            self.execute(
                f"ALTER TABLE {quote_identifier(table)} ADD COLUMN {quote_identifier(column)} "
                f"REFERENCES {quote_identifier(other_table)}"
            )

    def missing_tables(self, foreign_keys):
        # The same checks in a function that changes nothing.
        # expect: n-plus-one@62
        return [table for table, _, _ in foreign_keys if not self.has_table(table)]

    def drop_registered(self):
        for (name,) in self.execute("SELECT name FROM registry").fetchall():
            # Over rows read here, not a spec the caller gave.
            # expect: n-plus-one@16
            if self.has_table(name):
                self.execute(f"DROP TABLE {quote_identifier(name)}")
