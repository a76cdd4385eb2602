"""Test support outside the test folders: it imports the project's test harness
(`testing/`) and registers hooks with it, so it is test code."""
import sqlite3

from testing.provision import create_db


@create_db.for_db("sqlite")
def _sqlite_create_db(cfg, ident):
    conn = sqlite3.connect(cfg.url)
    # ok: sql-injection (the harness names the database)
    conn.execute(f"ATTACH DATABASE '{ident}.db' AS {ident}")
    # Rules off in tests are off in test support too.
    # ok: select-star, unbounded-fetch
    return conn.execute("SELECT * FROM sqlite_master").fetchall()


def drop_from_prompt(conn: sqlite3.Connection):
    # Input from outside the code is still reported in test support.
    # expect: sql-injection@32
    conn.execute(f"DROP TABLE {input()}")
