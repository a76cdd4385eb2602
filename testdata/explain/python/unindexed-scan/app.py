"""The drivers' parameter markers become $n and are planned as generic plans."""

import psycopg


def orders_of(conn, customer_id):
    cur = conn.cursor()
    # expect: unindexed-scan@40
    cur.execute("SELECT id, total FROM orders WHERE customer_id = %s", (customer_id,))
    return cur.fetchall()


def by_reference(conn, reference):
    sql = """
        SELECT id, status
        FROM orders  -- expect: unindexed-scan@14
        WHERE reference = %(reference)s
    """
    return conn.execute(sql, {"reference": reference}).fetchone()


def items_of_product(conn, product_id):
    # expect: unindexed-scan@41
    return conn.execute("SELECT id FROM order_items WHERE product_id = %s LIMIT 50", (product_id,)).fetchall()


def order(conn, order_id):
    # ok: unindexed-scan
    return conn.execute("SELECT id, total FROM orders WHERE id = %s", (order_id,)).fetchone()


def items(conn, order_id):
    # ok: unindexed-scan
    return conn.execute("SELECT product_id, quantity FROM order_items WHERE order_id = %s", (order_id,)).fetchall()
