"""The command line, the environment and the console are the program's inputs, although
`sys` and `os` are module-level imports. Whoever sets the environment or the command line
already runs the program: those are warnings; console input is an error."""
import argparse
import os
import sqlite3
import sys
from os import environ, getenv

db = sqlite3.connect("app.db")
SCHEMA = "public"


def command_line():
    # expect: sql-injection@51
    db.execute("SELECT id FROM users WHERE id = ?", (sys.argv[1],))
    table = sys.argv[2]
    # expect: sql-injection@34
    db.execute(f"SELECT id FROM {table}")
    args = argparse.ArgumentParser().parse_args()
    # expect: sql-injection@34
    db.execute(f"SELECT id FROM {args.table}")
    # ok: sql-injection
    db.execute("SELECT id FROM users WHERE id = ?", (sys.argv[1],))
    # ok: sql-injection
    db.execute(f"SELECT id FROM users LIMIT {len(sys.argv)}")


def environment():
    # expect: sql-injection@38
    db.execute(f"SET search_path TO {os.environ['APP_SCHEMA']}")
    # expect: sql-injection@34
    db.execute(f"SELECT id FROM {os.environ.get('USERS_TABLE', 'users')}")
    # expect: sql-injection@34
    db.execute(f"SELECT id FROM {os.getenv('AUDIT_TABLE')}")
    # expect: sql-injection@34
    db.execute(f"SELECT id FROM {getenv('LOG_TABLE')}.{environ['LOG_SCHEMA']}")
    # ok: sql-injection
    db.execute(f"SET search_path TO {SCHEMA}")
    # ok: sql-injection
    db.execute("SELECT id FROM users WHERE owner = ?", (os.environ["USER"],))


def console():
    name = input("name: ")
    # expect: sql-injection@54
    db.execute("SELECT id FROM users WHERE name = ?", (name,))
    # expect: sql-injection@54
    db.execute("SELECT id FROM users WHERE name = ?", (sys.stdin.readline().strip(),))


def mixed(user_id):
    # Request data or a parameter next to an environment variable: the parameter leads,
    # an error.
    # expect: sql-injection@63
    db.execute(f"SELECT id FROM {os.environ['T']} WHERE id = {user_id}")
