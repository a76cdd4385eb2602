"""Values whose type is certainly a number, a token of hex or URL-safe characters, a UUID
or a date are no injection; arithmetic and min/max keep the riskiest operand's trust."""
import math
import secrets
import sqlite3
import uuid
from datetime import date, datetime
from math import ceil
from uuid import uuid4

db = sqlite3.connect("app.db")


def tokens_and_ids(user_id):
    token = secrets.token_hex(16)
    # ok: sql-injection
    db.execute(f"INSERT INTO sessions (token, uid) VALUES ('{token}', 1)")
    # ok: sql-injection
    db.execute(f"UPDATE users SET reset = '{secrets.token_urlsafe()}' WHERE id = 1")
    # ok: sql-injection
    db.execute(f"INSERT INTO jobs (id) VALUES ('{uuid.uuid4()}')")
    # ok: sql-injection
    db.execute(f"INSERT INTO jobs (id) VALUES ('{uuid4().hex}')")
    job = str(uuid4())
    # ok: sql-injection
    db.execute("INSERT INTO jobs (id) VALUES ('" + job + "')")
    # A UUID parsed from the caller's text is a UUID, of the caller's choosing but unable
    # to carry SQL: coerced, not reported by default.
    # ok: sql-injection
    db.execute(f"SELECT id FROM jobs WHERE id = '{uuid.UUID(user_id)}'")
    # `bytes` shows the raw bytes, quotes included: not trusted.
    # expect: sql-injection@51
    db.execute("SELECT id FROM jobs WHERE id = ?", (uuid.UUID(user_id).bytes,))


def numbers(items, timeout, page):
    # ok: sql-injection
    db.execute(f"SELECT id FROM t LIMIT {len(items)}")
    # ok: sql-injection
    db.execute(f"SELECT id FROM t LIMIT {len(items) * 2 + 1}")
    # ok: sql-injection
    db.execute(f"SELECT id FROM t LIMIT {max(1, min(len(items), 100))}")
    # ok: sql-injection
    db.execute(f"SELECT id FROM t LIMIT {abs(round(len(items) / 3))}")
    # ok: sql-injection
    db.execute(f"SELECT id FROM t LIMIT {math.floor(len(items) / 2)}")
    # A number made from the caller's value: coerced, not reported by default.
    # ok: sql-injection
    db.execute(f"SET statement_timeout = {max(1, ceil(float(timeout) * 1000))}")
    # ok: sql-injection
    db.execute(f"SELECT id FROM t OFFSET {int(page) * 1000 + 1}")
    # ok: sql-injection
    db.execute(f"SELECT id FROM t LIMIT {ceil(timeout)}")
    # `"1; DROP TABLE t" * 2` is a string: repeating a string does not make it a number.
    # expect: sql-injection@43
    db.execute("SELECT id FROM t OFFSET ?", (page * 1000,))
    # `max` of strings is a string.
    # expect: sql-injection@45
    db.execute(f"SELECT id FROM t ORDER BY {max(page, 'id')}")
    # expect: sql-injection@42
    db.execute("SELECT id FROM t LIMIT ?", (min(timeout, 100),))


def numbered(rows):
    for i, row in enumerate(rows):
        # ok: sql-injection
        # expect: n-plus-one@9
        db.execute(f"SELECT id FROM t WHERE position = {i}", (row,))
        # expect: sql-injection@54, n-plus-one@9
        db.execute("SELECT id FROM t WHERE name = ?", (row,))
    # ok: sql-injection
    db.execute("SELECT " + ", ".join([f"c{n}" for n, _ in enumerate(rows)]) + " FROM t")


def dates(since):
    today = date.today()
    # ok: sql-injection
    db.execute(f"SELECT id FROM t WHERE day = '{today.isoformat()}'")
    # ok: sql-injection
    db.execute(f"SELECT id FROM t WHERE at < '{datetime.now():%Y-%m-%d %H:%M}'")
    # ok: sql-injection
    db.execute(f"SELECT id FROM t WHERE y = {datetime.now().year}")
    # A date parsed from the caller's text: its text is a date's, its value theirs.
    # ok: sql-injection
    db.execute(f"SELECT id FROM t WHERE at > '{datetime.fromisoformat(since)}'")
    # The format decides the text: a caller's format is the caller's text.
    # expect: sql-injection@48
    db.execute("SELECT id FROM t WHERE at > ?", (today.strftime(since),))


SORT_ORDERS = {"newest": "created_at DESC", "name": "name"}


def untrusted_containers(cur, names, key, user_id):
    # expect: sql-injection
    cur.execute(f"SELECT {', '.join(sorted(names))} FROM users WHERE id = %s", (user_id,))
    # expect: sql-injection
    cur.execute(f"SELECT id FROM users ORDER BY {SORT_ORDERS.get(key, key)} LIMIT 5")


def function_names(fn, cls, obj, name):
    # The name a function or class is defined with is code.
    # ok: sql-injection
    db.execute(f"SELECT {getattr(fn, '__name__', 'fn')}(v) FROM t")
    # ok: sql-injection
    db.execute(f"SELECT id FROM {cls.__name__.lower()}")
    # ok: sql-injection
    db.execute(f"SELECT id FROM {type(obj).__qualname__}")
    # A default that is not constant is what `getattr` may return.
    # expect: sql-injection@26
    db.execute(f"SELECT {getattr(fn, '__name__', name)}(v) FROM t")
    # Another attribute is the object's data.
    # expect: sql-injection@26
    db.execute(f"SELECT {getattr(fn, 'label', 'fn')}(v) FROM t")
