from django.db import connection


def invoices_of(customer_id):
    with connection.cursor() as cur:
        cur.execute("SELECT id FROM invoices WHERE customer_id = %s", [customer_id])  # expect: missing-index
        return cur.fetchall()  # expect: unbounded-fetch (info: every invoice of a customer)


def invoices_on(day):
    with connection.cursor() as cur:
        cur.execute("SELECT id FROM invoices WHERE issued_on = %s", [day])  # ok: indexed
        return cur.fetchall()  # expect: unbounded-fetch (info: no unique key pinned)


def invoice(invoice_id):
    with connection.cursor() as cur:
        cur.execute("SELECT id, issued_on FROM invoices WHERE id = %s", [invoice_id])  # ok: the primary key
        return cur.fetchone()


def invoices_page(customer_id, after):
    with connection.cursor() as cur:
        cur.execute(
            "SELECT id FROM invoices WHERE customer_id = %s AND id > %s ORDER BY id LIMIT 100",
            [customer_id, after],
        )
        return cur.fetchall()  # ok: a keyset page


def invoices_by_id(ids):
    with connection.cursor() as cur:
        cur.execute("SELECT id, issued_on FROM invoices WHERE id = ANY(%s)", [ids])
        return cur.fetchall()  # ok: the primary key, as many rows as ids


def shipments(state):
    with connection.cursor() as cur:
        cur.execute("SELECT id FROM shipments WHERE state = %s", [state])
        return cur.fetchall()  # ok: the schema does not say which keys of shipments are unique


def payments_of(invoice_id):
    with connection.cursor() as cur:
        cur.execute("SELECT line, amount FROM payments WHERE invoice_id = %s", [invoice_id])
        return cur.fetchall()  # expect: unbounded-fetch (info: a key declared twice is said once)


def payment(invoice_id, line):
    with connection.cursor() as cur:
        cur.execute("SELECT amount FROM payments WHERE line = %s AND invoice_id = %s", [line, invoice_id])
        return cur.fetchall()  # ok: the whole key, in either order
