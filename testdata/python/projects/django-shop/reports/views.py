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
