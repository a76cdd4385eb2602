import sqlite3

conn = sqlite3.connect("app.db")


def after_the_closing_parenthesis(name):
    # A finding inside a call that spans lines is covered by a suppression on any of its
    # lines, the one with the closing `)` included.
    conn.execute(
        # ok: sql-injection
        f"SELECT id FROM users WHERE id = '{name}'"
    )  # sqlhound: ignore[sql-injection]


def on_the_opening_line(name):
    conn.execute(  # sqlhound: ignore[sql-injection]
        # ok: sql-injection
        f"SELECT id FROM users WHERE id = '{name}'",
    )


def not_the_next_call(name):
    conn.execute(
        # expect: sql-injection@45
        f"SELECT id FROM users WHERE id = '{name}'"
    )
    # expect: unused-suppression@50
    conn.execute("SELECT 1")  # sqlhound: ignore[sql-injection]
