import psycopg


def by_column(conn, column, value):
    # The statement is reported where its text is built.
    sql = f"SELECT id FROM orders WHERE {column} = %s"  # expect: sql-injection@42, not-explained@13
    return conn.execute(sql, (value,)).fetchall()


def report(conn, table):
    # The table name is not known until run time.
    return conn.execute("SELECT count(*) FROM " + table).fetchone()  # expect: not-explained@26, sql-injection@51


def fine(conn, customer_id):
    # ok: not-explained
    return conn.execute("SELECT id FROM orders WHERE id = %s", (customer_id,)).fetchone()
