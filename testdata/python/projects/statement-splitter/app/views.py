"""Scripts run through the splitting class: the application's own, and a form's."""
from flask import request

from app.db import Database

db = Database("app.db")


def setup():
    # ok: sql-injection
    db.executescript("CREATE TABLE t (id INTEGER); CREATE INDEX t_id ON t (id);")


def log_note():
    # expect: sql-injection@66
    db.executescript("INSERT INTO notes (body) VALUES ('%s');" % request.form["note"])
