"""The same writes, as the Python drivers send them."""
import psycopg


def wipe(conn, customer_id):
    cur = conn.cursor()
    cur.execute("DELETE FROM orders WHERE customer_id = %s", (customer_id,))
    cur.execute("UPDATE products SET price = price * %s", (2,))
    cur.execute("INSERT INTO products (id, sku, category, price) VALUES (%s, %s, %s, %s)", (9, "x", "y", 1))
    cur.execute("TRUNCATE customers CASCADE")
    cur.execute("DROP TABLE products CASCADE")
    cur.executemany("DELETE FROM countries WHERE code = %s", [("c1",), ("c2",)])
    conn.commit()
