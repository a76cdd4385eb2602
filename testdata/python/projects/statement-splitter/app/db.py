"""A database class that runs a script statement by statement, splitting it with a
generator that walks the text one character at a time: each statement is a piece of the
caller's script, so the caller's script is what is judged."""
import sqlite3
from typing import Generator


def _iter_statements(sql: str) -> Generator[str, None, None]:
    statement = []
    for char in sql:
        statement.append(char)
        # ok: sql-injection
        text = "".join(statement).strip()
        if text and sqlite3.complete_statement(text):
            yield text
            statement = []
    # ok: sql-injection
    text = "".join(statement).strip()
    if text:
        yield text


class Database:
    def __init__(self, path):
        self.conn = sqlite3.connect(path)

    def executescript(self, sql: str):
        cursor = self.conn.cursor()
        for statement in _iter_statements(sql):
            # ok: sql-injection
            cursor.execute(statement)
        return cursor
