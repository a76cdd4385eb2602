"""An attribute set where it is checked against a class-level allow-list, or only ever
from constants, is trusted where other methods read it; so is a property that returns
only constants. An attribute some method sets from unchecked input is not."""
import sqlite3
from functools import cached_property


class Backend:
    transaction_modes = frozenset(["DEFERRED", "EXCLUSIVE", "IMMEDIATE"])
    names = ["a", "b"]

    def __init__(self, settings):
        self.conn = sqlite3.connect("app.db")
        self.settings = settings

    def configure(self, mode, schema):
        if mode is not None and mode.upper() not in self.transaction_modes:
            raise ValueError(mode)
        self.transaction_mode = mode.upper() if mode else None
        # Checked against a list that is not a constant: no allow-list.
        if schema not in self.settings:
            raise ValueError(schema)
        self.schema = schema

    def set_label(self, label):
        if label.lower() in ("left", "right"):
            self.label = label
        else:
            self.label = "left"
        # Only the `if` checked `label`: after it, `label` may be anything.
        self.side = label

    def begin(self):
        if self.transaction_mode is None:
            self.conn.execute("BEGIN")
        else:
            # ok: sql-injection
            self.conn.execute(f"BEGIN {self.transaction_mode}")
        # ok: sql-injection
        self.conn.execute(f"SELECT {self.label} FROM sides")
        # expect: sql-injection@45
        self.conn.execute(f"SELECT id FROM {self.schema}.t")
        # expect: sql-injection@37
        self.conn.execute(f"SELECT {self.side} FROM sides")

    @cached_property
    def suffix(self):
        return "" if self.settings else " FROM DUAL"

    @property
    def requested(self):
        return self.settings["table"]

    def probe(self):
        # ok: sql-injection
        self.conn.execute("SELECT 1" + self.suffix)
        # expect: sql-injection@47
        self.conn.execute("SELECT id FROM " + self.requested)


class Reset:
    def __init__(self):
        self.conn = sqlite3.connect("app.db")
        self.table = "users"

    def retarget(self, table):
        # Set from a parameter after `__init__`: every assignment counts.
        self.table = table

    def count(self):
        # expect: sql-injection@58
        return self.conn.execute(f"SELECT count(*) FROM {self.table}")
