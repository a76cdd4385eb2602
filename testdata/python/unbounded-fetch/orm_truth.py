"""A queryset's truth, `bool()` and `len()` read every row into its cache; `exists()` and
`count()` ask the database for one number."""
from django.db import models


class Customer(models.Model):
    email = models.EmailField(unique=True)


def any_customers():
    qs = Customer.objects.all()
    # expect: unbounded-fetch@8
    if qs:
        # ok: unbounded-fetch (the test filled the cache)
        for customer in qs:
            print(customer.email)


def no_customers():
    # expect: unbounded-fetch@12
    return bool(Customer.objects.all())


def negated():
    customers = Customer.objects.order_by("email")
    # expect: unbounded-fetch@12
    if not customers:
        return None
    return customers


# Negatives.


def exists():
    # ok: unbounded-fetch
    if Customer.objects.exists():
        return Customer.objects.count()
    return 0


def filtered_truth(domain):
    qs = Customer.objects.filter(email__endswith=domain)
    # ok: unbounded-fetch
    if qs:
        return qs
    return None


def sliced_truth():
    # ok: unbounded-fetch
    return bool(Customer.objects.all()[:1])
