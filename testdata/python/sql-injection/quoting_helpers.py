"""A name shown to hold no `]` (or with every `]` doubled) is one bracket-quoted name
between `[` and `]`; a helper that returns it so quotes its argument."""
import re
import sqlite3

db = sqlite3.connect("app.db")
PLAIN = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


def escape(name):
    if PLAIN.fullmatch(name):
        return name
    elif "]" in name:
        return '"{}"'.format(name.replace('"', '""'))
    else:
        return f"[{name}]"


def bracket_unless_closed(name):
    if "]" not in name:
        return f"[{name}]"
    raise ValueError(name)


def bracketed(name):
    return "[" + name.replace("]", "]]") + "]"


def checks_the_wrong_name(name, other):
    if "]" not in other:
        # expect: sql-injection@20
        return f"[{name}]"
    raise ValueError(other)


def brackets_after_the_check(name):
    if "]" in name:
        # A `]` in the name leaves the brackets.
        # expect: sql-injection@20
        return f"[{name}]"
    raise ValueError(name)


def closes_without_opening(name):
    if "]" in name:
        raise ValueError(name)
    # The name holds no `]` but is not between brackets.
    # expect: sql-injection@15
    return f"{name}]"


def quote_without_doubling(name):
    # expect: sql-injection@18
    return '"' + name + '"'


def count_rows(table):
    # ok: sql-injection
    db.execute(f"SELECT count(*) FROM {escape(table)}")
    # ok: sql-injection
    db.execute(f"SELECT count(*) FROM {bracket_unless_closed(table)}")
    # ok: sql-injection
    db.execute(f"SELECT count(*) FROM {bracketed(table)}")
    # expect: sql-injection@43
    db.execute("SELECT count(*) FROM [" + table.replace("]", "]]"))


def not_quoted(table, schema):
    db.execute("SELECT count(*) FROM " + checks_the_wrong_name(table, schema))
    db.execute("SELECT count(*) FROM " + brackets_after_the_check(table))
    db.execute("SELECT count(*) FROM " + closes_without_opening(table))
    db.execute("SELECT count(*) FROM " + quote_without_doubling(table))


def quoted_by_name(preparer, schema, table, column):
    # A method that says it quotes names (`quote_…_identifiers`, `quote_table_name`).
    full_name = ".".join(preparer._quote_free_identifiers(schema, table))
    # ok: sql-injection
    db.execute(f"SELECT count(*) FROM {full_name}")
    # ok: sql-injection
    db.execute(f"SELECT {preparer.quote_column_name(column)} FROM t")
    # Named for names, but not for quoting them.
    # expect: sql-injection@40
    db.execute(f"SELECT count(*) FROM {preparer.format_names(table)}")
