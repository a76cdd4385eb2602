import sqlite3

import psycopg2


def connect():
    # Application code: a literal password is a real finding.
    # expect: hardcoded-credentials@61
    return psycopg2.connect(host="db", user="app", password="hunter2")


def everything(conn: sqlite3.Connection):
    # expect: unbounded-fetch@12
    return conn.execute("SELECT id, total FROM orders").fetchall()
