"""Drivers whose cursors step through the rows as they are iterated: SQLite's statements,
and MySQL's unbuffered cursor classes."""
import sqlite3

import pymysql
import pymysql.cursors


def sqlite_rows(path):
    conn = sqlite3.connect(path)
    cur = conn.cursor()
    cur.execute("SELECT id FROM events")
    # ok: unbounded-fetch
    for row in cur:
        print(row)


def unbuffered(conn):
    cur = conn.cursor(pymysql.cursors.SSCursor)
    cur.execute("SELECT id FROM events")
    # ok: unbounded-fetch
    for row in cur:
        print(row)


def unbuffered_connection(host):
    conn = pymysql.connect(host=host, cursorclass=pymysql.cursors.SSDictCursor)
    cur = conn.cursor()
    cur.execute("SELECT id FROM events")
    # ok: unbounded-fetch
    for row in cur:
        print(row)
