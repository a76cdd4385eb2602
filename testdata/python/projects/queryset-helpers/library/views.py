"""Loops over querysets that a helper in another module, or a model method, returns."""
from library import queries
from library.access import Reader
from library.models import Book
from library.queries import recent_books, recent_books_with_authors, recent_titles


def authors():
    names = []
    for book in recent_books():
        # expect: n-plus-one
        names.append(book.author.name)
    return names


def authors_through_the_module():
    # expect: n-plus-one
    return [book.author.name for book in queries.recent_books()]


def shelf_mates(pk):
    book = Book.objects.get(pk=pk)
    # expect: n-plus-one
    return [other.author.name for other in book.same_editor()]


def visible_authors(user):
    reader = Reader(user)
    # expect: n-plus-one
    return [book.author.name for book in reader.visible_books()]


def visible_editors(user):
    # What the method's own `self.visible_books()` returns, with authors loaded, not editors.
    # expect: n-plus-one
    return [book.editor.name for book in Reader(user).visible_books_with_authors()]


# Negatives.


def authors_loaded():
    # ok: n-plus-one
    return [book.author.name for book in recent_books_with_authors()]


def shelf_mates_loaded(pk):
    book = Book.objects.get(pk=pk)
    # ok: n-plus-one
    return [other.author.name for other in book.same_editor_with_authors()]


def titles():
    # ok: n-plus-one
    return [row["author__name"] for row in recent_titles()]


def visible_authors_loaded(user):
    # ok: n-plus-one
    return [book.author.name for book in Reader(user).visible_books_with_authors()]
