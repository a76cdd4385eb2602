"""Arithmetic with a number written in the code, and the digits of a number (`hex`, `id`),
are numbers whatever the other operand was: text raises on them."""
import sqlite3
from typing import Optional

db = sqlite3.connect("app.db")


def page(size, setting):
    if size:
        size = int(size)
    else:
        size = setting
    # `setting + 1` raises unless `setting` is a number.
    # ok: sql-injection
    db.execute("SELECT id FROM t LIMIT {}".format(size + 1))
    # ok: sql-injection
    db.execute("SELECT id FROM t LIMIT {}".format(setting - 1))
    # ok: sql-injection
    db.execute("SELECT id FROM t LIMIT {}".format(2 ** setting))
    # `"1; DROP TABLE t" * 2` and `"%s" % 1` are text.
    # expect: sql-injection
    db.execute("SELECT id FROM t LIMIT {}".format(setting * 2))
    # expect: sql-injection
    db.execute("SELECT id FROM t LIMIT {}".format(setting % 2))
    # Adding text to text is text.
    # expect: sql-injection
    db.execute("SELECT id FROM t LIMIT {}".format(setting + size))


def cursor_names(counter, name):
    ident = "c_%s_%s" % (hex(id(counter))[2:], hex(next(counter))[2:])
    # ok: sql-injection
    db.execute("DECLARE " + ident + " CURSOR FOR SELECT 1")
    # ok: sql-injection
    db.execute("CLOSE " + oct(len(name)))
    # A slice of text is text.
    # expect: sql-injection
    db.execute("CLOSE " + name[2:])
    # expect: sql-injection
    db.execute("CLOSE " + hex(id(counter)) + name)


def function_name(fn):
    # `abs()` and `round()` raise on text: a number, like `hash()`.
    name = f"lambda_{abs(hash(fn))}"
    # ok: sql-injection
    db.execute(f"SELECT {name}(value) FROM t")
    # ok: sql-injection
    db.execute("SELECT id FROM t LIMIT %d" % round(fn))


def annotated(
    limit: int,
    offset: int | None = None,
    ratio: "Optional[float]" = None,
    *,
    label: str,
    maybe_id: Optional[int] = None,
    active: bool = True,
):
    # A parameter annotated as a number is one, as a type checker holds callers to.
    # ok: sql-injection
    db.execute(f"SELECT id FROM t LIMIT {limit} OFFSET {offset or 0}")
    # ok: sql-injection
    db.execute(f"SELECT id FROM t WHERE id = {maybe_id} AND active = {active}")
    # A string annotation is not read, and neither is `str`.
    # expect: sql-injection
    db.execute(f"SELECT id FROM t WHERE ratio > {ratio}")
    # expect: sql-injection
    db.execute(f"SELECT id FROM t WHERE label = '{label}'")
