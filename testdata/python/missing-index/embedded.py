import sqlite3

SCHEMA = """
CREATE TABLE payments (id INTEGER PRIMARY KEY, invoice_id INTEGER, state TEXT);
"""


def by_invoice(conn: sqlite3.Connection, invoice_id):
    # The schema comes from the .sql files of the run; this fixture's DDL sits in a
    # string no database call runs, so `payments` is unknown here.
    # ok: missing-index
    return conn.execute("SELECT id FROM payments WHERE invoice_id = ?", (invoice_id,)).fetchall()
