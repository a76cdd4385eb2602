"""Values an enumeration of the project owns cannot carry SQL: its members, their `.value`
and `.name`, whoever picked the member."""
import enum
import sqlite3

from django.db import models


class Status(enum.Enum):
    OPEN = "open"
    CLOSED = "closed"


class Level(enum.IntEnum):
    LOW = 1


class Color(models.TextChoices):
    RED = "red"


class Box:
    def __init__(self, value):
        self.value = value


def filters(conn: sqlite3.Connection, flag, raw, status: Status):
    # ok: sql-injection
    conn.execute(f"SELECT id FROM t WHERE open = {bool(flag)}")
    # ok: sql-injection
    conn.execute(f"SELECT id FROM t WHERE s = '{Status.OPEN.value}'")
    # ok: sql-injection
    conn.execute(f"SELECT id FROM t WHERE l = {Level.LOW.value}")
    # ok: sql-injection
    conn.execute(f"SELECT id FROM t WHERE c = '{Color.RED}'")
    # `Status(raw)` raises unless `raw` is a member's value.
    # ok: sql-injection
    conn.execute(f"SELECT id FROM t WHERE s = '{Status(raw).value}'")
    # ok: sql-injection
    conn.execute(f"SELECT id FROM t WHERE s = '{status.value}'")
    # Any other object's `value` is whatever it was given.
    # expect: sql-injection@49
    conn.execute(f"SELECT id FROM t WHERE s = '{Box(raw).value}'")
