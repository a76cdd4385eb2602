from django.db import models

from blog.managers import PublishedManager, WithAuthorManager


class Author(models.Model):
    name = models.CharField(max_length=100)


class Post(models.Model):
    title = models.CharField(max_length=200)
    status = models.CharField(max_length=20)
    author = models.ForeignKey(Author, on_delete=models.CASCADE)

    objects = models.Manager()
    published = PublishedManager()
    with_author = WithAuthorManager()
