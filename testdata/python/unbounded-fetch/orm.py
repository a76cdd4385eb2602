from django.core.paginator import Paginator
from django.db import models
from sqlalchemy import select
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


class Customer(models.Model):
    email = models.EmailField(unique=True)
    referrer = models.ForeignKey("self", null=True, on_delete=models.SET_NULL)


class Country(models.Model):
    code = models.CharField(max_length=2)

    class Meta:
        db_table = "countries"


class Base(DeclarativeBase):
    pass


class Order(Base):
    __tablename__ = "orders"
    id: Mapped[int] = mapped_column(primary_key=True)
    lines = relationship("Line")


def export_customers():
    # expect: unbounded-fetch@12
    return list(Customer.objects.all())


def count_in_python():
    qs = Customer.objects.order_by("email")
    # expect: unbounded-fetch@12
    return len(qs)


def loop_over_everything():
    # expect: unbounded-fetch@21
    for customer in Customer.objects.all():
        print(customer.email)


def all_orders(session):
    # expect: unbounded-fetch@12
    return session.scalars(select(Order)).all()


def legacy_all(session):
    # expect: unbounded-fetch@12
    return session.query(Order).order_by(Order.id).all()


def comprehension(session):
    # expect: unbounded-fetch@27
    return [o.id for o in session.execute(select(Order)).scalars()]


# Negatives.


def filtered():
    # ok: unbounded-fetch
    return list(Customer.objects.filter(email__endswith="@example.com"))


def referred_by(referrer):
    # Equality filters: as many rows as match, which only the planner can tell
    # (`--database-url`); statically, no finding.
    # ok: unbounded-fetch
    return list(Customer.objects.filter(referrer=referrer).filter(email="a@example.com"))


def any_referred(referrer):
    # ok: unbounded-fetch
    return bool(Customer.objects.filter(referrer=referrer))


def sliced():
    # ok: unbounded-fetch
    return list(Customer.objects.order_by("-id")[:50])


def streamed():
    # ok: unbounded-fetch
    for customer in Customer.objects.all().iterator(chunk_size=1000):
        print(customer.email)


def paginated(page):
    # ok: unbounded-fetch
    return Paginator(Customer.objects.order_by("id"), 25).page(page)


def aggregated():
    # ok: unbounded-fetch
    return Customer.objects.count(), Customer.objects.exists()


def table_named_in_meta():
    # `countries` (its Meta.db_table) is not in `small-tables` here; tests/cli.rs lists it.
    # expect: unbounded-fetch@12
    return list(Country.objects.all())


def limited(session):
    # ok: unbounded-fetch
    return session.scalars(select(Order).limit(100)).all()


def filtered_sqlalchemy(session, since):
    # ok: unbounded-fetch
    return session.scalars(select(Order).where(Order.id > since)).all()


def streamed_sqlalchemy(session):
    # ok: unbounded-fetch
    for order in session.scalars(select(Order).execution_options(yield_per=500).limit(10**9)):
        print(order.id)


def first_row(session):
    # ok: unbounded-fetch
    return session.scalars(select(Order)).first()


def evaluated_once_iterated_twice(session):
    orders = session.query(Order).filter(Order.id > 5).all()
    # ok: unbounded-fetch
    return [o.id for o in orders], [o.id for o in orders]
