import psycopg2

from .settings import DB_HOST, DB_PASSWORD


def connect():
    return psycopg2.connect(host=DB_HOST, password=DB_PASSWORD)  # expect: hardcoded-credentials


def run_sql(sql, params=None):
    with connect() as conn, conn.cursor() as cur:
        cur.execute(sql, params)
        return cur.fetchmany(100)
