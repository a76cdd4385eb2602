from django.db import models


class PublishedManager(models.Manager):
    def get_queryset(self):
        return super().get_queryset().filter(status="published")


class WithAuthorManager(models.Manager):
    def get_queryset(self):
        return super().get_queryset().select_related("author")
