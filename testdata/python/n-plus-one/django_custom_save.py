"""A model that overrides `save()` runs its own logic per object, which `bulk_create` and
`bulk_update` skip. Its creates and saves over a collection that is not query rows (the
references in one comment) are that logic's, not an N+1; over query rows they are still
reported, with help that does not offer a bulk write as a drop-in."""
from django.db import models
from django.utils import timezone


class Ticket(models.Model):
    title = models.CharField(max_length=200)
    modified = models.DateTimeField(null=True)


class FollowUp(models.Model):
    ticket = models.ForeignKey(Ticket, on_delete=models.CASCADE, related_name="followups")
    title = models.CharField(max_length=200)

    def save(self, *args, **kwargs):
        self.ticket.modified = timezone.now()
        self.ticket.save()
        super().save(*args, **kwargs)


class Note(models.Model):
    ticket = models.ForeignKey(Ticket, on_delete=models.CASCADE, related_name="notes")
    text = models.TextField()


def backlinks(referenced, title):
    for ticket in referenced:
        # ok: n-plus-one
        FollowUp.objects.create(ticket=ticket, title=title)
        # A model without its own `save()`: a bulk insert does the same.
        # expect: n-plus-one@9
        Note.objects.create(ticket=ticket, text=title)


def close_all(title):
    for ticket in Ticket.objects.filter(modified__isnull=True):
        # Over query rows: still an N+1, whatever `save()` does.
        # expect: n-plus-one@9
        ticket.followups.create(title=title)
