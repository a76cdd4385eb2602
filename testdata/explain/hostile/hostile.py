"""The same functions reached from Python: with parameters, PREPARE's generic plan folds
the functions with NULL arguments, so they would run just the same."""
import psycopg


def report(conn: psycopg.Connection, order_id: int) -> list:
    with conn.cursor() as cur:
        cur.execute("SELECT leak_write(%s)", (order_id,))
        cur.execute("SELECT id FROM sneaky WHERE id = %s", (order_id,))
        cur.execute("SELECT %s @@@ 2", (order_id,))
        cur.execute("SELECT kill_victim() FROM orders WHERE id = %s", (order_id,))
        return cur.fetchall()
