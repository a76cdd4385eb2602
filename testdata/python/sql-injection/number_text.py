"""Arithmetic with a number written in the code, and the digits of a number (`hex`, `id`),
are numbers whatever the other operand was: text raises on them."""
import sqlite3

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
