from functools import cached_property

from django.db import models


class Queue(models.Model):
    slug = models.SlugField()


class Person(models.Model):
    name = models.CharField(max_length=100)


class Ticket(models.Model):
    title = models.CharField(max_length=200)
    queue = models.ForeignKey(Queue, on_delete=models.CASCADE)
    assigned_to = models.ForeignKey(Person, null=True, on_delete=models.SET_NULL)

    @property
    def ticket_for_url(self):
        return f"{self.queue.slug}-{self.id}"

    @cached_property
    def assignee(self):
        taker = self.assigned_to
        return taker.name if taker else "Unassigned"

    @property
    def short_title(self):
        # Its own fields only: no query.
        return self.title[:20]

    def queue_slug(self):
        # A method, not a property: `ticket.queue_slug` alone runs nothing.
        return self.queue.slug


def links():
    # expect: n-plus-one@13
    return [ticket.ticket_for_url for ticket in Ticket.objects.filter(title__startswith="A")]


def report():
    rows = []
    for ticket in Ticket.objects.filter(title__startswith="A"):
        # expect: n-plus-one@36
        rows.append((ticket.title, ticket.assignee))
    return rows


# Negatives.


def links_loaded():
    # ok: n-plus-one
    return [t.ticket_for_url for t in Ticket.objects.select_related("queue")[:50]]


def titles():
    # ok: n-plus-one
    return [t.short_title for t in Ticket.objects.filter(title__startswith="A")]


def one(pk):
    ticket = Ticket.objects.get(pk=pk)
    # ok: n-plus-one
    return ticket.assignee
