import sqlite3

conn = sqlite3.connect("app.db")


def whole_table():
    # A finding inside a multi-line string is covered by a comment after the string.
    return conn.execute(
        """
        -- ok: select-star
        SELECT * FROM users WHERE active
        """  # sqlhound: ignore[select-star]
    ).fetchall()


def on_the_opening_line():
    # sqlhound: ignore[select-star]
    return conn.execute("""
        -- ok: select-star
        SELECT * FROM orders WHERE id = 1
    """).fetchone()


def nothing_to_silence():
    return conn.execute(
        """
        SELECT id FROM users WHERE id = 1
        -- expect: unused-suppression@33
        """
    ).fetchone()


def not_covered_by_a_later_string():
    rows = conn.execute("""
        -- expect: select-star@16
        SELECT * FROM users WHERE id = 1
    """).fetchone()
    # the comment below is after another statement's string, not this one
    # expect: unused-suppression@37
    other = "x"
    return rows, other
