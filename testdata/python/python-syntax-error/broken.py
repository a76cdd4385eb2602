import sqlite3

conn = sqlite3.connect("app.db")


def ok(name):
    # expect: sql-injection@56
    conn.execute(f"SELECT id FROM users WHERE name = '{name}'")


# expect: python-syntax-error@12
def broken(:
    pass

# ok: python-syntax-error
x = 1
