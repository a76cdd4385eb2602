"""frappe: `frappe.db.sql(query, values)` and `frappe.db.multisql({dialect: query})`."""
import frappe


@frappe.whitelist()
def customers(territory, order_by):
    # expect: sql-injection@72
    frappe.db.sql(f"SELECT name FROM `tabCustomer` WHERE territory = '{territory}'")
    # ok: sql-injection
    frappe.db.sql("SELECT name FROM `tabCustomer` WHERE territory = %s", (territory,))
    # ok: sql-injection
    frappe.db.sql(
        "SELECT name FROM `tabCustomer` WHERE territory = %(territory)s",
        values={"territory": territory},
        as_dict=True,
    )
    # expect: sql-injection@71
    return frappe.db.sql("SELECT name FROM `tabCustomer` ORDER BY " + order_by)


def search(doctype, txt):
    return frappe.db.multisql(
        {
            # expect: sql-injection@48
            "mariadb": f"SELECT name FROM `tab{doctype}` WHERE name LIKE %s",
            # expect: sql-injection@49
            "postgres": f'SELECT name FROM "tab{doctype}" WHERE name ILIKE %s',
        },
        (f"%{txt}%",),
    )


def search_constant(txt):
    # ok: sql-injection
    return frappe.db.multisql(
        {
            "mariadb": "SELECT name FROM `tabItem` WHERE name LIKE %s",
            "postgres": 'SELECT name FROM "tabItem" WHERE name ILIKE %s',
        },
        (f"%{txt}%",),
    )


def unrelated(db, cache, key):
    # ok: sql-injection
    db.sql(f"SELECT {key}")
    # ok: sql-injection
    cache.multisql({"mariadb": f"SELECT {key}"})
