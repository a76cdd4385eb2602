from helpdesk.models import CustomField, Queue, Ticket, TicketCC, TicketCustomFieldValue


def cc_lines(ticket_ids):
    ccs = TicketCC.objects.filter(ticket_id__in=ticket_ids)
    # expect: n-plus-one@20
    return [f"cc: {cc}" for cc in ccs]


def cc_lines_selected(ticket_ids):
    ccs = TicketCC.objects.filter(ticket_id__in=ticket_ids).select_related("ticket")
    # ok: n-plus-one
    return [f"cc: {cc}" for cc in ccs]


def ticket_labels(queue_id):
    # Ticket.__str__ reads only its own fields.
    # ok: n-plus-one
    return ["%s" % t for t in Ticket.objects.filter(queue_id=queue_id)]


def queue_names(queue_ids):
    # ok: n-plus-one
    return [str(q) for q in Queue.objects.filter(pk__in=queue_ids)]


def task_lines(ticket):
    # expect: n-plus-one@45
    return {c.name: [t.description for t in c.tasks.all()] for c in ticket.checklists.all()}


def task_lines_prefetched(ticket):
    checklists = ticket.checklists.prefetch_related("tasks")
    # ok: n-plus-one
    return {c.name: [t.description for t in c.tasks.all()] for c in checklists}


def initial_values(ticket):
    initial = {}
    for field in CustomField.objects.filter(name__startswith="x_"):
        try:
            # expect: n-plus-one@21
            value = TicketCustomFieldValue.objects.get(ticket=ticket, field=field)
        except TicketCustomFieldValue.DoesNotExist:
            continue
        initial[field.name] = value.value
    return initial
