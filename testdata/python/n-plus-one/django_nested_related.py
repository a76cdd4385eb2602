from django.db import models
from django.db.models import Prefetch


class Ticket(models.Model):
    title = models.CharField(max_length=200)

    def task_count(self):
        total = 0
        for checklist in self.checklists.all():
            # expect: n-plus-one@22
            total += checklist.tasks.count()
        return total


class Checklist(models.Model):
    ticket = models.ForeignKey(Ticket, on_delete=models.CASCADE, related_name="checklists")
    name = models.CharField(max_length=100)


class Task(models.Model):
    checklist = models.ForeignKey(Checklist, on_delete=models.CASCADE, related_name="tasks")
    description = models.CharField(max_length=250)


def task_names(ticket):
    names = []
    for checklist in ticket.checklists.all():
        # expect: n-plus-one@21
        for task in checklist.tasks.all():
            names.append(f"[{checklist.name}] {task.description}")
    return names


def chosen_ticket_tasks(chosen_ticket):
    # expect: n-plus-one@87
    return [t for c in chosen_ticket.checklists.filter(name__startswith="A") for t in c.tasks.all()]


def every_ticket():
    for ticket in Ticket.objects.filter(title__startswith="A"):
        # expect: n-plus-one@26
        for checklist in ticket.checklists.all():
            print(checklist.name)


# Negatives.


def prefetched(ticket):
    # ok: n-plus-one
    return [t for c in ticket.checklists.prefetch_related("tasks") for t in c.tasks.all()]


def with_a_prefetch_object(ticket):
    checklists = ticket.checklists.prefetch_related(Prefetch("tasks", queryset=Task.objects.order_by("description")))
    # ok: n-plus-one
    return [t for c in checklists for t in c.tasks.all()]


def prefetched_from_the_ticket(ticket_id):
    ticket = Ticket.objects.prefetch_related("checklists__tasks").get(pk=ticket_id)
    # ok: n-plus-one
    return [t for c in ticket.checklists.all() for t in c.tasks.all()]


def a_dict_named_like_a_model(ticket):
    # ok: n-plus-one
    return [t for c in ticket["checklists"] for t in c["tasks"]]


def not_a_manager(ticket):
    # A related manager is not iterable: iterated bare, `checklists` is some other list.
    # ok: n-plus-one
    return [t for c in ticket.checklists for t in c.tasks.all()]
