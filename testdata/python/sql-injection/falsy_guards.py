"""`x is None`, `not x` and `x is not None and x not in ALLOWED`: each way the test can
come out leaves `x` empty or one of the allowed words."""
import sqlite3

db = sqlite3.connect("app.db")
ORDERS = ("asc", "desc")


def order(direction):
    if direction is not None and direction.lower() not in ORDERS:
        raise ValueError(direction)
    # ok: sql-injection
    db.execute(f"SELECT id FROM users ORDER BY id {direction or ''}")


def either_check(direction, column):
    # Either arm false leaves `direction` unchecked when the other arm is about `column`.
    if column is not None and direction not in ORDERS:
        raise ValueError(direction)
    # expect: sql-injection@52
    db.execute(f"SELECT id FROM users ORDER BY id {direction}")


def empty_only(suffix):
    if not suffix:
        # ok: sql-injection
        db.execute(f"SELECT id FROM users{suffix}")
    # expect: sql-injection@39
    db.execute(f"SELECT id FROM users{suffix}")


def stripped(direction):
    # `replace` may add characters: it is no normalisation.
    if direction.replace("x", "'") not in ORDERS:
        raise ValueError(direction)
    # expect: sql-injection@52
    db.execute(f"SELECT id FROM users ORDER BY id {direction}")


def seen_before(tables):
    seen = set()
    for table in tables:
        if table in seen:
            # A set filled as the loop goes is no allow-list.
            # expect: sql-injection@39
            db.execute(f"DELETE FROM {table} WHERE id = 1")
        seen.add(table)
