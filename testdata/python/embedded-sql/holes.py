"""Interpolated values are holes in the SQL the rules read: never a wildcard, never text in
a message."""


def like_prefix(cur, n):
    # A pattern that starts with a value known only at run time does not start with a
    # wildcard that anyone knows of.
    # ok: leading-wildcard-like
    cur.execute(f"SELECT id FROM users WHERE code LIKE '{int(n)}%'")
    # A wildcard before the value does.
    # expect: leading-wildcard-like@56
    cur.execute(f"SELECT id FROM users WHERE code LIKE '%{int(n)}'")
