"""Querysets passed to a function of the same module: its loop reads the rows it is given."""
from library.models import Book


def author_names(books):
    # expect: n-plus-one
    return [book.author.name for book in books]


def editor_names(books):
    # Only ever given books with their editors.
    # ok: n-plus-one
    return [book.editor.name for book in books]


def report():
    return author_names(Book.objects.filter(title__startswith="A"))


def editors():
    return editor_names(Book.objects.filter(title__startswith="A").select_related("editor"))
