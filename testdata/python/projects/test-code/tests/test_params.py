import sqlite3

import pytest
from hypothesis import given
from hypothesis import strategies as st


@pytest.fixture
def table():
    return "orders"


@pytest.mark.parametrize("column", ["id", "total"])
def test_sorts_by_each_column(conn: sqlite3.Connection, column):
    # ok: sql-injection (every value of `column` is written above)
    conn.execute(f"SELECT id FROM orders ORDER BY {column}")


@pytest.mark.parametrize(
    ("column", "direction"),
    [("id", "ASC"), pytest.param("total", "DESC", id="by-total")],
)
def test_sorts_both_ways(conn: sqlite3.Connection, column, direction):
    # ok: sql-injection
    conn.execute(f"SELECT id FROM orders ORDER BY {column} {direction}")


def test_reads_the_fixture_table(conn: sqlite3.Connection, table):
    # ok: sql-injection (the fixture returns a literal)
    conn.execute(f"SELECT count(*) FROM {table}")


@given(name=st.sampled_from(["ann", "bob"]))
def test_finds_each_name(conn: sqlite3.Connection, name):
    # ok: sql-injection
    conn.execute(f"SELECT id FROM users WHERE name = '{name}'")


@pytest.mark.parametrize("column", ["id", make_column()])
def test_a_computed_case(conn: sqlite3.Connection, column):
    # One value is computed, by the test module itself: still the harness's own.
    # ok: sql-injection
    conn.execute(f"SELECT id FROM orders ORDER BY {column}")


@given(name=st.text())
def test_any_text(conn: sqlite3.Connection, name):
    # Hypothesis draws any text: exactly what injection is made of.
    # expect: sql-injection@56
    conn.execute(f"SELECT id FROM users WHERE name = '{name}'")
    # expect: sql-injection@56
    conn.execute(f"SELECT id FROM users WHERE name = '{name.strip()}'")


def make_column():
    return "id"
