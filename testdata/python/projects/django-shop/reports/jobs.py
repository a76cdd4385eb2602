from shop.models import Customer, Order

from .queries import invoice


def import_orders(rows):
    for row in rows:
        Order.objects.create(customer_id=row["customer"], total=row["total"])  # expect: n-plus-one


def import_orders_at_once(rows):
    Order.objects.bulk_create([Order(customer_id=r["customer"], total=r["total"]) for r in rows])  # ok: one insert


def discount_each():
    for order in Order.objects.filter(total__gt=1000):
        order.total -= 10
        order.save()  # expect: n-plus-one


def customers(ids):
    return [Customer.objects.get(pk=i) for i in ids]  # expect: n-plus-one


def invoices(ids):
    return [invoice(i) for i in ids]  # expect: n-plus-one


def first_invoice(ids):
    for i in ids:
        return invoice(i)  # ok: the loop returns in its first iteration
    return None
