"""`latest/` ends in "test" but is no test folder: the application's own code."""
import sqlite3


def attach(dbname):
    conn = sqlite3.connect(":memory:")
    # expect: sql-injection
    conn.execute("ATTACH DATABASE ':memory:' AS " + dbname)
