"""Queryset helpers used by the views in another module."""
from library.models import Book


def recent_books():
    return Book.objects.filter(title__startswith="A")


def recent_books_with_authors():
    books = Book.objects.filter(title__startswith="A")
    return books.select_related("author")


def recent_titles():
    # Dicts, not model objects: nothing to load.
    return Book.objects.filter(title__startswith="A").values("title", "author__name")
