"""Querysets read whole, judged by the planner's row estimate of the statement the ORM
sends (`SELECT * FROM "orders"`, `--explain-min-rows` 10,000): orders has 200,000 rows,
audit_log 120,000, countries 10; no table is named ghosts."""

from django.apps import apps
from django.db import models
from sqlalchemy import select
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Order(models.Model):
    status = models.CharField(max_length=20)

    class Meta:
        db_table = "orders"


class Country(models.Model):
    code = models.CharField(max_length=2, primary_key=True)

    class Meta:
        db_table = "countries"


class Ghost(models.Model):
    class Meta:
        db_table = "ghosts"


class Base(DeclarativeBase):
    pass


class AuditEntry(Base):
    __tablename__ = "audit_log"
    id: Mapped[int] = mapped_column(primary_key=True)


def export_orders():
    # expect: unbounded-fetch
    return list(Order.objects.all())


def count_orders():
    # expect: unbounded-fetch
    return len(Order.objects.order_by("id"))


def every_country():
    # Ten rows: fine to read whole, the static finding is dropped.
    # ok: unbounded-fetch
    return [c.code for c in Country.objects.all()]


def any_country():
    # ok: unbounded-fetch
    if Country.objects.all():
        return True
    return False


def first_orders():
    # A slice is a LIMIT: bounded, nothing to plan.
    # ok: unbounded-fetch
    return list(Order.objects.all()[:100])


def stream_orders():
    # Streamed with a server-side cursor.
    # ok: unbounded-fetch
    for order in Order.objects.all().iterator(chunk_size=500):
        print(order.status)


def ghosts():
    # The database has no such table: not planned, the static finding stays (and no
    # unknown-table: the name is the model index's, not text in the file).
    # expect: unbounded-fetch
    return list(Ghost.objects.all())


def audit(session):
    # expect: unbounded-fetch
    return session.scalars(select(AuditEntry)).all()


def legacy_audit(session):
    # expect: unbounded-fetch
    for entry in session.query(AuditEntry):
        print(entry.id)


def every_model():
    for model in apps.get_models():
        # Chosen at run time: no table to plan, the static finding stays.
        # expect: unbounded-fetch
        print(len(model.objects.all()))
