"""Querysets handed to functions of another module: what those functions' loops read of the
rows is reported at the call here, with the fix for the queryset passed."""
from library import reports
from library.models import Book
from library.reports import editor_names


def weekly():
    # expect: n-plus-one@12
    return reports.author_names(Book.objects.filter(title__startswith="W"))


def late_editors():
    # expect: n-plus-one@12
    return editor_names(Book.objects.filter(title__startswith="L"))


# Negatives: the rows handed over load what the function reads.


def weekly_loaded():
    # ok: n-plus-one
    return reports.author_names(Book.objects.select_related("author")[:50])


def editors():
    # ok: n-plus-one
    return editor_names(Book.objects.select_related("editor")[:50])


def titles(books):
    # Rows of unknown origin: the caller's caller decides.
    # ok: n-plus-one
    return reports.author_names(books)
