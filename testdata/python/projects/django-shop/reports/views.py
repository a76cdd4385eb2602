from shop.models import Order

from .queries import invoices_of


def order_report():
    lines = []
    for order in Order.objects.filter(total__gt=100):
        lines.append(order.customer.name)  # expect: n-plus-one
    return lines


def order_report_joined():
    lines = []
    for order in Order.objects.select_related("customer").filter(total__gt=100):
        lines.append(order.customer.name)  # ok: joined
    return lines


def invoices(customer_ids):
    return [invoices_of(c) for c in customer_ids]  # expect: n-plus-one


def order_report_prefetched():
    lines = []
    for order in Order.objects.prefetch_related("customer").filter(total__gt=100):
        lines.append(order.customer.name)  # ok: prefetched
    return lines


def first_invoices(customer_ids):
    return invoices_of(customer_ids[0])  # ok: one query


def customer_ids_only():
    return [order.customer_id for order in Order.objects.filter(total__gt=100)]  # ok: the key column
