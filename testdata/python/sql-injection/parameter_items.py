"""A script run statement by statement, split by a generator that walks its text one
character at a time: each statement is a piece of the caller's script, so the script the
caller passes is what is judged, not the characters."""
import sqlite3

from flask import request

conn = sqlite3.connect("app.db")


def _statements(script):
    statement = []
    for char in script:
        statement.append(char)
        # ok: sql-injection
        text = "".join(statement).strip()
        if sqlite3.complete_statement(text):
            yield text
            statement = []


def run_script(script):
    for statement in _statements(script):
        # ok: sql-injection
        conn.execute(statement)


def setup():
    # ok: sql-injection
    run_script("CREATE TABLE notes (body TEXT); CREATE INDEX notes_body ON notes (body);")


def note():
    # expect: sql-injection@60
    run_script("INSERT INTO notes (body) VALUES ('%s');" % request.form["note"])
