import sqlite3


def starting_with(conn: sqlite3.Connection, prefix):
    # The parameter is the whole pattern: `f"{prefix}%"`.
    # expect: sql-injection@75
    return conn.execute("SELECT id FROM pattern_people WHERE name LIKE ?", (f"{prefix}%",)).fetchone()


def containing(conn: sqlite3.Connection, word):
    # expect: leading-wildcard-like@72, sql-injection@84
    return conn.execute("SELECT id FROM pattern_people WHERE name LIKE '%%%s%%'" % word).fetchone()


def tagged(conn: sqlite3.Connection, tag):
    # expect: sql-injection@76
    return conn.execute("SELECT id FROM pattern_people WHERE note = ?", (f"tag:{tag}",)).fetchone()


def two_values(conn: sqlite3.Connection, first, last):
    # Two values in one literal: the plain placeholder help.
    # expect: sql-injection@72
    return conn.execute(f"SELECT id FROM pattern_people WHERE name = '{first} {last}'").fetchone()


def doubled_quote(conn: sqlite3.Connection, word):
    # A doubled quote in the literal: no rewrite, the plain help.
    # expect: sql-injection@81
    return conn.execute(f"SELECT id FROM pattern_people WHERE name LIKE 'it''s {word}%'").fetchone()


def after_a_comment(conn: sqlite3.Connection, prefix):
    # An apostrophe in a comment is no quote: `LIKE ?` with `f"{prefix}%"`.
    return conn.execute(
        """SELECT id FROM pattern_people -- don't read the others
        WHERE name LIKE ?""", (f"{prefix}%",),  # expect: sql-injection@27
    ).fetchone()


def two_fields_quoted(conn: sqlite3.Connection, a, b):
    # `'{a}'` then `{b}` right after its closing quote: left to a human.
    # expect: sql-injection@69
    return conn.execute("SELECT id FROM pattern_people WHERE n = ? || ?", (a, b)).fetchone()


def between(conn: sqlite3.Connection, low, high):
    # Values of `%` formatting after BETWEEN: the placeholder help, not the names one.
    # expect: sql-injection@86
    return conn.execute("SELECT id FROM pattern_people WHERE n BETWEEN %s AND %s" % (low, high)).fetchone()


def cache_size(conn: sqlite3.Connection, kib):
    # PRAGMA takes no parameters: no rewrite, the names help.
    # expect: sql-injection@40
    conn.execute(f"PRAGMA cache_size=-{kib}")
