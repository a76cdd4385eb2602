from helpdesk import models


def visible_queues(user):
    # ok: unbounded-fetch
    return [q for q in models.Queue.objects.all() if user.has_perm(q.slug)]


def categories():
    # ok: unbounded-fetch
    return list(models.KBCategory.objects.order_by("title"))


def every_ticket():
    # expect: unbounded-fetch@12
    return list(models.Ticket.objects.all())


def every_follow_up():
    # expect: unbounded-fetch@12
    return list(models.FollowUp.objects.all())


def every_kb_item():
    # Stamped by `last_updated`: articles grow with use.
    # expect: unbounded-fetch@12
    return list(models.KBItem.objects.all())
