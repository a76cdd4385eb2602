"""A script run statement by statement, split by a generator that walks its text one
character at a time, or by matching its leading comments away: each statement is a piece
of the caller's script, so the script the caller passes is what is judged, not the
characters or the matches."""
import re
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


def _leading_comments(command):
    found = re.match(r"^(--.*?)(?:\n|$)", command)
    comments = []
    while found:
        comments.append(found.group())
        command = command[len(found.group()) :].lstrip()
        found = re.match(r"^(--.*?)(?:\n|$)", command)
    return [command, comments]


def explain_each(text):
    command, comments = _leading_comments(text)
    for sql in comments + command.split(";"):
        sql = sql.strip()
        if sql:
            # ok: sql-injection
            conn.execute("EXPLAIN " + sql)


def explain_known():
    # ok: sql-injection
    explain_each("-- the notes\nSELECT body FROM notes; SELECT count(*) FROM notes")


def explain_searched():
    # expect: sql-injection@64
    explain_each("SELECT body FROM notes WHERE body LIKE '%" + request.args["q"] + "%'")
