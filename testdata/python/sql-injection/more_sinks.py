"""Less common sinks and forms."""
import aiosqlite
import mysql.connector
import psycopg
from sqlalchemy import text
from sqlalchemy.orm import Session


async def with_aiosqlite(name):
    async with aiosqlite.connect("app.db") as db:
        # expect: sql-injection@64
        await db.execute(f"SELECT id FROM users WHERE name = '{name}'")


def with_psycopg3(conn: psycopg.Connection, table, day):
    with conn.cursor() as cur:
        # expect: sql-injection@69
        for row in cur.stream(f"SELECT id FROM events WHERE day = '{day}'"):
            print(row)
        # expect: sql-injection@31
        with cur.copy(f"COPY {table} TO STDOUT") as copy:
            print(copy)


def with_mysql_multi(name):
    cnx = mysql.connector.connect(host="db")
    cursor = cnx.cursor()
    # expect: sql-injection@63
    cursor.execute(f"UPDATE users SET seen = 1 WHERE name = '{name}'; SELECT 1", multi=True)


def sqlalchemy_fragments(session: Session, Model, column):
    # expect: sql-injection@43
    session.query(Model).order_by(text(f"{column} DESC"))
    # ok: sql-injection
    session.query(Model).order_by(text("created_at DESC"))
    # expect: sql-injection@61
    session.execute("SELECT id FROM users WHERE name = '" + column + "'")


def django_select(Model, expr):
    # expect: sql-injection@52
    return Model.objects.extra(select={"score": f"{expr} * 2"})


def bytes_query(cur, name):
    # expect: sql-injection@61
    cur.execute(b"SELECT id FROM users WHERE name = '%s'" % name)
