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
