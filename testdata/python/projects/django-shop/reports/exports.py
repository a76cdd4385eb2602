import psycopg2


def invoice_ids(dsn, customer_id):
    conn = psycopg2.connect(dsn)
    cur = conn.cursor()
    cur.execute("SELECT id FROM invoices WHERE customer_id = %s", (customer_id,))  # expect: missing-index
    for row in cur:  # expect: unbounded-fetch (info: the client-side cursor holds every match)
        yield row[0]


def invoice_ids_streamed(dsn, customer_id):
    conn = psycopg2.connect(dsn)
    cur = conn.cursor(name="invoice_ids")
    cur.execute("SELECT id FROM invoices WHERE customer_id = %s", (customer_id,))  # expect: missing-index
    for row in cur:  # ok: a server-side cursor
        yield row[0]
