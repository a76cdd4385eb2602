"""Querysets read whole, judged by the planner's row estimate of the statement the ORM
sends (`SELECT * FROM "orders"`, `… WHERE "status" = $1` for equality filters;
`--explain-min-rows` 10,000): orders has 200,000 rows (3 statuses, 5 regions, 50,000
customers), audit_log 120,000, countries 10; no table is named ghosts."""

from django.apps import apps
from django.db import models
from sqlalchemy import select
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Customer(models.Model):
    email = models.EmailField(unique=True)

    class Meta:
        db_table = "customers"


class Order(models.Model):
    status = models.CharField(max_length=20)
    area = models.CharField(max_length=20, db_column="region")
    customer = models.ForeignKey(Customer, on_delete=models.CASCADE)

    class Meta:
        db_table = "orders"


class Country(models.Model):
    code = models.CharField(max_length=2, primary_key=True)

    class Meta:
        db_table = "countries"


class ShippedManager(models.Manager):
    def get_queryset(self):
        return super().get_queryset().filter(status="shipped")


class Shipment(models.Model):
    status = models.CharField(max_length=20)
    objects = ShippedManager()

    class Meta:
        db_table = "orders"


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


def orders_in(status):
    # `WHERE "status" = $1`: a third of the orders by the generic plan.
    # expect: unbounded-fetch
    return list(Order.objects.filter(status=status))


def orders_of_area(area):
    # The column is `db_column`'s.
    # expect: unbounded-fetch
    for order in Order.objects.filter(area=area).order_by("id"):
        print(order.status)


def orders_of(customer):
    # Four rows a customer: few, nothing to say.
    # ok: unbounded-fetch
    return list(Order.objects.filter(customer=customer))


def shipped_orders_of(customer_id):
    # ok: unbounded-fetch
    return list(Order.objects.filter(status="shipped").filter(customer_id=customer_id))


def some_statuses(statuses):
    # A lookup, not an equality: not planned, and no static finding.
    # ok: unbounded-fetch
    return list(Order.objects.filter(status__in=statuses))


def first_in(status):
    # ok: unbounded-fetch
    return list(Order.objects.filter(status=status)[:50])


def stream_in(status):
    # ok: unbounded-fetch
    for order in Order.objects.filter(status=status).iterator():
        print(order.id)


def shipments_of(status):
    # A custom manager may filter more than the code shows: not planned.
    # ok: unbounded-fetch
    return list(Shipment.objects.filter(status=status))


def orders_by_pk(pk):
    # `pk` is no field the model declares: not planned.
    # ok: unbounded-fetch
    return list(Order.objects.filter(pk=pk))


def every_model():
    for model in apps.get_models():
        # Chosen at run time: no table to plan, the static finding stays.
        # expect: unbounded-fetch
        print(len(model.objects.all()))


def every_customer():
    # Reference data by the model index (orders point at customers, which stamp no row):
    # no static finding. The planner knows better: 50,000 rows.
    # expect: unbounded-fetch
    return list(Customer.objects.all())
