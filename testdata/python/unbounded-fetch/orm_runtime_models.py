"""Querysets of a model chosen at run time read each model's table."""
from django.apps import apps
from django.db import models


class Customer(models.Model):
    email = models.EmailField(unique=True)


def dump_everything():
    for model in apps.get_models():
        # expect: unbounded-fetch@20
        for obj in model.objects.all():
            print(obj.pk)


def dump_app(app_config):
    # expect: unbounded-fetch@16
    return {m: list(m._default_manager.all()) for m in app_config.get_models()}


# Negatives.


def counts():
    # ok: unbounded-fetch
    return {model: model.objects.count() for model in apps.get_models()}


def streamed():
    for model in apps.get_models():
        # ok: unbounded-fetch
        for obj in model.objects.iterator(chunk_size=500):
            print(obj.pk)


def recent(since):
    for model in apps.get_models():
        # ok: unbounded-fetch
        print(list(model.objects.filter(created__gt=since)))
