from shop import reports
from shop.models import Book


def page():
    # The choice field `titles` makes is its module's finding, not this call's.
    # ok: n-plus-one
    return reports.titles(Book.objects.filter(title__startswith="A"))


def authors():
    # expect: n-plus-one@12
    return reports.bylines(Book.objects.filter(title__startswith="A"))
