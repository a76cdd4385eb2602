import sqlite3

import psycopg2


def connect():
    # Application code: a literal password is a real finding.
    # expect: hardcoded-credentials@61
    return psycopg2.connect(host="db", user="app", password="hunter2")


def everything(conn: sqlite3.Connection):
    # expect: unbounded-fetch@12
    return conn.execute("SELECT id, total FROM orders").fetchall()


def save_all(conn: sqlite3.Connection, rows):
    for row in rows:
        # Application code: one INSERT per row is a finding.
        # expect: n-plus-one@9
        conn.execute("INSERT INTO orders (id, total) VALUES (?, ?)", row)
