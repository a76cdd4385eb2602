"""A function given rows by another module: what it does besides reading them is its own."""
from django import forms

from shop.models import Book


def titles(books):
    # expect: n-plus-one@13
    field = forms.ModelChoiceField(queryset=Book.objects.all())
    return [book.title for book in books], field


def bylines(books):
    return [book.author.name for book in books]
