"""A value checked in the same function — against an identifier pattern that anchors the
whole string, or with a `str` character test — is trusted where the check holds."""
import re
import sqlite3

db = sqlite3.connect("app.db")
IDENTIFIER = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
WORDS = re.compile(r"\w+", re.IGNORECASE)
ANYTHING = re.compile(r".*")
LINES = re.compile(r"^\w+$", re.MULTILINE)
NAME_PATTERN = r"[a-z_]+(\.[a-z_]+)?"


def raise_unless_fullmatch(column):
    if not re.fullmatch(r"[A-Za-z_]\w*", column):
        raise ValueError(column)
    # ok: sql-injection
    db.execute(f"SELECT id FROM users ORDER BY {column}")


def raise_unless_anchored_match(column, table):
    if not re.match(r"^\w+$", column) or re.match(NAME_PATTERN + "$", table) is None:
        raise ValueError(column)
    # ok: sql-injection
    db.execute(f"SELECT id FROM users ORDER BY {column}")
    # Only literal patterns are judged: `NAME_PATTERN + "$"` is built.
    # expect: sql-injection@34
    db.execute(f"SELECT id FROM {table}")


def compiled_patterns(column, table, other):
    if not IDENTIFIER.match(column) or not WORDS.fullmatch(table):
        raise ValueError(column)
    # ok: sql-injection
    db.execute(f"SELECT id FROM {table} ORDER BY {column}")
    if IDENTIFIER.fullmatch(other):
        # ok: sql-injection
        db.execute(f"SELECT {other} FROM users")
    # Outside the `if`, `other` was not checked.
    # expect: sql-injection@26
    db.execute(f"SELECT {other} FROM users")


def string_tests(column, user_id, code):
    assert column.isidentifier()
    # ok: sql-injection
    db.execute(f"SELECT {column} FROM users")
    if not user_id.isdigit() or not str.isalnum(code):
        raise ValueError(user_id)
    # ok: sql-injection
    db.execute(f"SELECT id FROM users WHERE id = {user_id} AND code = '{code}'")


def check_identifier(name):
    if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name):
        raise ValueError(f"not an identifier: {name!r}")
    return name


def through_a_helper(column):
    # ok: sql-injection
    db.execute(f"SELECT id FROM users ORDER BY {check_identifier(column)}")


def patterns_that_prove_nothing(a, b, c, d, e, f, g):
    # `re.match` without `$` checks a prefix: "id; DROP TABLE users" matches.
    if not re.match(r"^\w+", a):
        raise ValueError(a)
    # `re.search` finds the pattern anywhere.
    if not re.search(r"\w+", b):
        raise ValueError(b)
    # `.*` matches anything; a class with a space or a dash lets SQL through.
    if not ANYTHING.fullmatch(c) or not re.fullmatch(r"[\w -]+", d):
        raise ValueError(c)
    # With MULTILINE, `$` matches before any newline: "id\n; DROP …" passes.
    if not LINES.match(e) or not re.match(r"^\w+$", f, re.M):
        raise ValueError(e)
    # Checked, but the result is not acted upon.
    re.fullmatch(r"\w+", g)
    # One finding per query, the other values labelled.
    # expect: sql-injection@26
    db.execute(f"SELECT {a}, {b}, {c}, {d}, {e}, {f}, {g} FROM users")


def positive_branch_only(column):
    if re.fullmatch(r"\w+", column):
        pass
    else:
        # expect: sql-injection@30
        db.execute(f"SELECT {column} FROM users")
