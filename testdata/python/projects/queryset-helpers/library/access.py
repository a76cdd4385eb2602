"""A project class that is no model, whose methods return querysets."""
from library.models import Book


class Reader:
    def __init__(self, user):
        self.user = user

    def visible_books(self):
        return Book.objects.filter(title__startswith=self.user)

    def visible_books_with_authors(self):
        return self.visible_books().select_related("author")
