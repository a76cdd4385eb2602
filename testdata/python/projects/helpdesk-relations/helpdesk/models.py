from django.db import models


class Queue(models.Model):
    title = models.CharField(max_length=100)
    slug = models.SlugField(unique=True)

    class Meta:
        ordering = ("title",)

    def __str__(self):
        return self.title


class Ticket(models.Model):
    queue = models.ForeignKey(Queue, on_delete=models.CASCADE)
    title = models.CharField(max_length=200)
    created = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return "%s %s" % (self.id, self.title)


class TicketCC(models.Model):
    email = models.EmailField()
    ticket = models.ForeignKey(Ticket, on_delete=models.CASCADE)

    def __str__(self):
        return self.email + " for " + self.ticket.title


class Checklist(models.Model):
    name = models.CharField(max_length=100)
    ticket = models.ForeignKey(
        Ticket,
        related_name="checklists",
        on_delete=models.CASCADE,
    )


class ChecklistTask(models.Model):
    description = models.CharField(max_length=250)
    position = models.PositiveSmallIntegerField(db_index=True)
    checklist = models.ForeignKey(
        Checklist,
        related_name="tasks",
        on_delete=models.CASCADE,
    )


class CustomField(models.Model):
    name = models.SlugField(unique=True)


class TicketCustomFieldValue(models.Model):
    ticket = models.ForeignKey(Ticket, on_delete=models.CASCADE)
    field = models.ForeignKey(CustomField, on_delete=models.CASCADE)
    value = models.TextField(blank=True, null=True)
