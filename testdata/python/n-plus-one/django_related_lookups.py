from django.db import models


class Ticket(models.Model):
    title = models.CharField(max_length=200)

    def custom_values(self):
        values = {}
        for field in CustomField.objects.all():
            # expect: n-plus-one@34
            values[field.name] = self.values.get(field=field).value
        return values


class CustomField(models.Model):
    name = models.CharField(max_length=100)


class CustomValue(models.Model):
    ticket = models.ForeignKey(Ticket, on_delete=models.CASCADE, related_name="values")
    field = models.ForeignKey(CustomField, on_delete=models.CASCADE)
    value = models.TextField()


def initial_values(ticket, fields):
    initial = {}
    for field in fields:
        # expect: n-plus-one@19
        current = CustomValue.objects.get(ticket=ticket, field=field)
        initial[field.name] = current.value
    return initial


def first_values(ticket, fields):
    out = []
    for field in fields:
        # expect: n-plus-one@20
        out.append(CustomValue.objects.filter(ticket=ticket, field=field).first())
    return out


def per_ticket_and_field(tickets, custom_fields):
    for ticket in tickets:
        for custom_field in custom_fields:
            # expect: n-plus-one@21
            value = ticket.values.get(field=custom_field).value
            print(value)


def from_the_selected_ticket(tickets, fields):
    for field in fields:
        selected_ticket = tickets.get(pk=field.pk)
        # expect: n-plus-one@15
        print(selected_ticket.values.filter(field=field).first())


def drain(pending):
    while pending:
        # `pop()` gives another key each time.
        # expect: n-plus-one
        print(CustomField.objects.get(pk=pending.pop()))


def save_values(ticket, fields_and_values):
    for field, value in fields_and_values:
        # expect: n-plus-one
        ticket.values.update_or_create(field=field, defaults={"value": value})


# Negatives.


def save_through_an_unknown_object(record, fields_and_values):
    # `record` names no model: its `values` may be anything.
    for field, value in fields_and_values:
        # ok: n-plus-one
        record.values.update_or_create(field=field, defaults={"value": value})



def batched(ticket, fields):
    # ok: n-plus-one
    by_field = {v.field_id: v for v in CustomValue.objects.filter(ticket=ticket, field__in=fields)}
    return [by_field.get(f.pk) for f in fields]


def three_fields(ticket):
    out = []
    for field in (1, 2, 3):
        # ok: n-plus-one
        out.append(ticket.values.get(field_id=field))
    return out


def not_by_the_item(ticket, fields, default_field):
    out = []
    for field in fields:
        # The same object every time: a value to read once, not one query per field.
        # ok: n-plus-one
        out.append((field, CustomValue.objects.get(ticket=ticket, field=default_field)))
    return out


def a_count_is_another_family(ticket, fields):
    for field in fields:
        # ok: n-plus-one
        print(ticket.title, field)
