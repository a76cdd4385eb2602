"""A behave harness in a folder named like a test file (`app_test/`): test code, so the
database it names itself is no finding."""
import sqlite3


def create_db(dbname):
    conn = sqlite3.connect(":memory:")
    # ok: sql-injection
    conn.execute("ATTACH DATABASE ':memory:' AS " + dbname)
