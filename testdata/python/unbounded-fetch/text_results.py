"""SQLAlchemy `text()` results: most drivers buffer the whole result unless it is
streamed (`stream_results=True`, `yield_per`)."""
from sqlalchemy import text


def fetched(engine):
    with engine.connect() as conn:
        # expect: unbounded-fetch@16
        return conn.execute(text("SELECT id FROM events")).fetchall()


def all_rows(session):
    query = text("SELECT id, kind FROM events")
    result = session.execute(query)
    # expect: unbounded-fetch@12
    return result.all()


def scalars_listed(session):
    # expect: unbounded-fetch@12
    return list(session.scalars(text("SELECT id FROM events")))


def iterated(session):
    # expect: unbounded-fetch@16
    for row in session.execute(text("SELECT id FROM events")):
        print(row)


def mapped(session):
    rows = session.execute(text("SELECT id FROM events")).mappings()
    # expect: unbounded-fetch@34
    return [dict(row) for row in rows]


# Negatives.


def streamed(engine):
    with engine.connect() as conn:
        result = conn.execution_options(stream_results=True).execute(text("SELECT id FROM events"))
        # ok: unbounded-fetch
        for row in result:
            print(row)


def yielded(session):
    statement = text("SELECT id FROM events").execution_options(yield_per=1000)
    # ok: unbounded-fetch
    for row in session.execute(statement):
        print(row)


def partitioned(session):
    # ok: unbounded-fetch
    for rows in session.execute(text("SELECT id FROM events")).yield_per(500).partitions():
        print(rows)


def filtered(session, kind):
    # ok: unbounded-fetch
    return session.execute(text("SELECT id FROM events WHERE kind = :kind"), {"kind": kind}).all()


def first(session):
    # ok: unbounded-fetch
    return session.execute(text("SELECT id FROM events")).first()
