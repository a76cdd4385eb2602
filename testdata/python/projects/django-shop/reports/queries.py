from django.db import connection


def invoices_of(customer_id):
    with connection.cursor() as cur:
        cur.execute("SELECT id FROM invoices WHERE customer_id = %s", [customer_id])  # expect: missing-index
        return cur.fetchall()


def invoices_on(day):
    with connection.cursor() as cur:
        cur.execute("SELECT id FROM invoices WHERE issued_on = %s", [day])  # ok: indexed
        return cur.fetchall()


def invoice(invoice_id):
    with connection.cursor() as cur:
        cur.execute("SELECT id, issued_on FROM invoices WHERE id = %s", [invoice_id])  # ok: the primary key
        return cur.fetchone()
