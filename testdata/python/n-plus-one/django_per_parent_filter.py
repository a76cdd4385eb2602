"""A related manager's `filter()` per item queries even when the relation is prefetched.
When its arguments are the same for every item, a `Prefetch(queryset=…)` does it once;
when they are computed in the iteration from the item (a cutoff from the queue's own
setting), no single prefetch queryset expresses them, and the query per item is the work
asked for."""
from datetime import timedelta

from django.db import models
from django.utils import timezone


class Queue(models.Model):
    escalate_days = models.IntegerField(null=True)


class Ticket(models.Model):
    queue = models.ForeignKey(Queue, on_delete=models.CASCADE)
    status = models.IntegerField()
    last_escalation = models.DateTimeField(null=True)


def escalate():
    for queue in Queue.objects.filter(escalate_days__isnull=False):
        cutoff = timezone.now() - timedelta(days=queue.escalate_days)
        # ok: n-plus-one
        for ticket in queue.ticket_set.filter(status=1).filter(last_escalation__lte=cutoff):
            ticket.status = 2


def open_counts():
    since = timezone.now() - timedelta(days=7)
    counts = {}
    for queue in Queue.objects.filter(escalate_days__isnull=False):
        # The same filter for every queue, bound before the loop: one Prefetch does it.
        # expect: n-plus-one@32
        counts[queue.pk] = len(queue.ticket_set.filter(status=1).filter(last_escalation__gte=since))
    return counts
