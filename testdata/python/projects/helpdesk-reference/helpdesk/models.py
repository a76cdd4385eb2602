from django.conf import settings
from django.db import models
from django.utils import timezone


class Queue(models.Model):
    title = models.CharField(max_length=100)
    slug = models.SlugField(unique=True)
    email_box_last_check = models.DateTimeField(blank=True, null=True)


class CustomField(models.Model):
    name = models.SlugField(unique=True)
    data_type = models.CharField(max_length=100)


class KBCategory(models.Model):
    title = models.CharField(max_length=100)
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.CASCADE)


class KBItem(models.Model):
    category = models.ForeignKey(KBCategory, on_delete=models.CASCADE)
    title = models.CharField(max_length=100)
    last_updated = models.DateTimeField(blank=True)


class Ticket(models.Model):
    queue = models.ForeignKey(Queue, on_delete=models.CASCADE)
    kbitem = models.ForeignKey("KBItem", null=True, blank=True, on_delete=models.CASCADE)
    assigned_to = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.CASCADE)
    created = models.DateTimeField(blank=True)


class FollowUp(models.Model):
    ticket = models.ForeignKey(Ticket, on_delete=models.CASCADE)
    date = models.DateTimeField(default=timezone.now)


class TicketCustomFieldValue(models.Model):
    ticket = models.ForeignKey(Ticket, on_delete=models.CASCADE)
    field = models.ForeignKey(CustomField, on_delete=models.CASCADE)
    value = models.TextField(blank=True, null=True)
