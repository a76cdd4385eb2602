"""Models whose methods return querysets: a loop over what one returns is a loop over rows."""
from django.db import models


class Author(models.Model):
    name = models.CharField(max_length=100)


class Book(models.Model):
    author = models.ForeignKey(Author, on_delete=models.CASCADE)
    editor = models.ForeignKey(Author, on_delete=models.CASCADE, related_name="edited")
    title = models.CharField(max_length=200)

    def same_editor(self):
        return Book.objects.filter(editor=self.editor)

    def same_editor_with_authors(self):
        return Book.objects.filter(editor=self.editor).select_related("author")
