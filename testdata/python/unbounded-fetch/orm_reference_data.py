from datetime import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone
from sqlalchemy import DateTime, ForeignKey, func, select
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


# Reference data: definitions other models point at, with no field stamping their rows.


class Queue(models.Model):
    title = models.CharField(max_length=100)
    # When the mailbox was last polled: not when the row was made.
    email_box_last_check = models.DateTimeField(blank=True, null=True)


class Category(models.Model):
    name = models.CharField(max_length=100)
    # A category tree points at itself: still a definition.
    parent = models.ForeignKey("self", null=True, on_delete=models.CASCADE)


class Team(models.Model):
    # The user model is not the project's: it does not count.
    lead = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)


class Tag(models.Model):
    label = models.CharField(max_length=30)


# Rows that record events: they grow with use.


class Ticket(models.Model):
    queue = models.ForeignKey(Queue, on_delete=models.CASCADE)
    team = models.ForeignKey(Team, null=True, on_delete=models.SET_NULL)
    created = models.DateTimeField(blank=True)


class FollowUp(models.Model):
    ticket = models.ForeignKey(Ticket, on_delete=models.CASCADE)
    date = models.DateTimeField(default=timezone.now)


class Article(models.Model):
    category = models.ForeignKey("Category", on_delete=models.CASCADE)
    tags = models.ManyToManyField(Tag)
    last_updated = models.DateTimeField(auto_now=True)


class Product(models.Model):
    # Pointed at, but its rows are stamped: a product catalogue grows.
    name = models.CharField(max_length=100)
    created_at = models.DateTimeField(default=datetime.now)


class OrderItem(models.Model):
    product = models.ForeignKey(Product, on_delete=models.CASCADE)
    article = models.ForeignKey(Article, null=True, on_delete=models.SET_NULL)


class Milestone(models.Model):
    # No timestamp, pointed at, but it points at tickets: not a definition.
    ticket = models.ForeignKey(Ticket, on_delete=models.CASCADE)


class Task(models.Model):
    milestone = models.ForeignKey(Milestone, on_delete=models.CASCADE)


class Stamped(models.Model):
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        abstract = True


class Region(Stamped):
    # Inherits `created`.
    name = models.CharField(max_length=100)


class Office(models.Model):
    region = models.ForeignKey(Region, on_delete=models.CASCADE)


class Setting(models.Model):
    # Pointed at by nobody.
    key = models.CharField(max_length=100)


class Zone(models.Model):
    # A cycle with a model whose rows are stamped: neither is a definition.
    depot = models.ForeignKey("Depot", null=True, on_delete=models.SET_NULL)


class Depot(models.Model):
    zone = models.ForeignKey(Zone, on_delete=models.CASCADE)
    created_on = models.DateField(auto_now_add=True)


class Base(DeclarativeBase):
    pass


class Country(Base):
    __tablename__ = "countries"
    id: Mapped[int] = mapped_column(primary_key=True)


class Address(Base):
    __tablename__ = "addresses"
    id: Mapped[int] = mapped_column(primary_key=True)
    country_id: Mapped[int] = mapped_column(ForeignKey("countries.id"))


class Currency(Base):
    __tablename__ = "currencies"
    id: Mapped[int] = mapped_column(primary_key=True)
    added = mapped_column(DateTime, server_default=func.now())


class Price(Base):
    __tablename__ = "prices"
    id: Mapped[int] = mapped_column(primary_key=True)
    currency_id: Mapped[int] = mapped_column(ForeignKey(Currency.id))


def queues():
    # ok: unbounded-fetch
    return list(Queue.objects.all())


def categories():
    # ok: unbounded-fetch
    return list(Category.objects.order_by("name"))


def teams():
    # ok: unbounded-fetch
    return list(Team.objects.all())


def tags():
    # ok: unbounded-fetch
    return list(Tag.objects.all())


def countries(session):
    # ok: unbounded-fetch
    return session.scalars(select(Country)).all()


def tickets():
    # expect: unbounded-fetch@12
    return list(Ticket.objects.all())


def follow_ups():
    # expect: unbounded-fetch@12
    return list(FollowUp.objects.all())


def articles():
    # expect: unbounded-fetch@12
    return list(Article.objects.all())


def products():
    # expect: unbounded-fetch@12
    return list(Product.objects.all())


def milestones():
    # expect: unbounded-fetch@12
    return list(Milestone.objects.all())


def regions():
    # expect: unbounded-fetch@12
    return list(Region.objects.all())


def settings_rows():
    # expect: unbounded-fetch@12
    return list(Setting.objects.all())


def zones():
    # expect: unbounded-fetch@12
    return list(Zone.objects.all())


def addresses(session):
    # expect: unbounded-fetch@12
    return session.scalars(select(Address)).all()


def currencies(session):
    # expect: unbounded-fetch@12
    return session.scalars(select(Currency)).all()
