"""A method that only raises (an abstract hook) returns nothing to interpolate."""
import sqlite3


class Editor:
    sql_set_default = "ALTER TABLE t ALTER COLUMN c SET DEFAULT %(default)s"

    def __init__(self, path):
        self.conn = sqlite3.connect(path)

    def prepare_default(self, value):
        """Subclasses quote `value` for databases that take no parameters here."""
        raise NotImplementedError("subclasses must quote defaults")

    def checked_default(self, value):
        if ";" in value:
            raise ValueError(value)
        return value

    def set_default(self, value, literal):
        default, params = "?", [value]
        if literal:
            default, params = self.prepare_default(value), []
        # ok: sql-injection
        self.conn.execute(self.sql_set_default % {"default": default}, params)

    def set_checked_default(self, value):
        # Raising on one input does not make the others safe.
        default = self.checked_default(value)
        # expect: sql-injection
        self.conn.execute(self.sql_set_default % {"default": default})


class Report:
    def where_clause(self):
        """The filter; subclasses say which."""
        raise NotImplementedError

    def run(self, conn):
        # What runs is the subclass's filter, reported where it interpolates.
        return conn.execute("SELECT id FROM orders WHERE " + self.where_clause()).fetchall()


class Search(Report):
    def __init__(self, term):
        self.term = term

    def where_clause(self):
        # expect: sql-injection
        return "name = '%s'" % self.term
