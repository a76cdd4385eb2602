"""Order lookups for the shop's back office."""
import os
import sqlite3

DB_PATH = os.environ.get("SHOP_DB", "shop.db")
SORTABLE = {"created_at", "total_cents"}


def connect() -> sqlite3.Connection:
    return sqlite3.connect(DB_PATH)


def orders_for(conn: sqlite3.Connection, customer_email):
    cur = conn.cursor()
    cur.execute(
        "SELECT o.id, o.total_cents FROM orders o JOIN customers c ON c.id = o.customer_id "
        f"WHERE c.email = '{customer_email}'"
    )
    return cur.fetchall()


def recent_orders(conn: sqlite3.Connection, sort_by, limit):
    if sort_by not in SORTABLE:
        raise ValueError(f"cannot sort by {sort_by}")
    cur = conn.cursor()
    cur.execute(f"SELECT id, total_cents FROM orders ORDER BY {sort_by} DESC LIMIT ?", (limit,))
    return cur.fetchall()


def forget_customer(conn: sqlite3.Connection, customer_id):
    conn.execute("UPDATE customers SET deleted_at = CURRENT_TIMESTAMP WHERE id = ?", (customer_id,))
    conn.execute("DELETE FROM coupons WHERE customer_id = ?", (customer_id,))
    conn.execute("SELECT count(*) FROM orders WHERE customer_id = NULL")
