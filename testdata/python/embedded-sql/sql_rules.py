"""The SQL rules run on SQL found in Python, and point inside the string."""
import sqlite3

conn = sqlite3.connect("app.db")

QUERY = """
    SELECT id
    FROM users
    -- expect: null-comparison@11
    WHERE deleted_at = NULL
"""


def queries(cur):
    # expect: delete-without-where@18
    cur.execute("DELETE FROM sessions")
    # expect: leading-wildcard-like@56
    cur.execute("SELECT id FROM users WHERE email LIKE '%@example.com' AND id = ?", (1,))
    cur.execute(QUERY)
    # expect: syntax-error@33
    cur.execute("SELECT id FROM WHERE x = 1")
    # expect: syntax-error@59
    cur.executescript("DELETE FROM sessions WHERE id = 1; /* never closed")
    # ok: syntax-error
    cur.execute("PRAGMA foreign_keys = ON")
    # ok: update-without-where
    cur.execute("UPDATE users SET active = 1 WHERE id = ?", (1,))
    # expect: not-in-subquery@63
    cur.execute("SELECT id FROM users WHERE id NOT IN (SELECT user_id FROM bans)")


def with_escapes(cur):
    # expect: null-comparison@46
    cur.execute("SELECT id FROM users WHERE\tname = NULL AND note = '\x41'")
