import psycopg2

from .settings import DB_HOST, DB_PASSWORD


def connect():
    return psycopg2.connect(host=DB_HOST, password=DB_PASSWORD)  # expect: hardcoded-credentials


def run_sql(sql, params=None):
    with connect() as conn, conn.cursor() as cur:
        cur.execute(sql, params)
        return cur.fetchmany(100)


def insert_user(name):
    with connect() as conn, conn.cursor() as cur:
        cur.execute("INSERT INTO users (name) VALUES (%s)", (name,))


def count_rows(table):
    with connect() as conn, conn.cursor() as cur:
        cur.execute("SELECT count(*) FROM audit WHERE kind = %s", (table,))
        return cur.fetchone()
