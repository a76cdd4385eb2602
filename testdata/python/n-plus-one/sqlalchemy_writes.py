from sqlalchemy import ForeignKey, func, insert, select, text, update
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class User(Base):
    __tablename__ = "users"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str]


class Order(Base):
    __tablename__ = "orders"
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))


def users(session, ids):
    # expect: n-plus-one@13
    return [session.get(User, i) for i in ids]


def one_select_per_id(session, ids):
    out = []
    for i in ids:
        # expect: n-plus-one@20
        out.append(session.scalars(select(User).where(User.id == i)).one())
    return out


def count_per_user(session, user_ids):
    # expect: n-plus-one@13
    return [session.scalar(select(func.count(Order.id)).where(Order.user_id == u)) for u in user_ids]


def count_with_select_from(session, user_ids):
    for u in user_ids:
        # expect: n-plus-one@15
        print(session.execute(select(func.count()).select_from(Order).where(Order.user_id == u)))


def rename_each(session, names):
    for user_id, name in names.items():
        # expect: n-plus-one@9
        session.execute(update(User).where(User.id == user_id).values(name=name))


def add_and_flush_each(session, names):
    for name in names:
        session.add(User(name=name))
        # expect: n-plus-one@9
        session.flush()


def commit_each(db, names):
    for name in names:
        db.session.add(User(name=name))
        # expect: n-plus-one@9
        db.session.commit()


def text_per_id(conn, ids):
    for i in ids:
        # expect: n-plus-one@9
        conn.execute(text("SELECT name FROM users WHERE id = :id"), {"id": i})


def text_insert_per_row(conn, rows):
    for row in rows:
        # expect: n-plus-one@9
        conn.execute(text("INSERT INTO users (name) VALUES (:name)"), row)


# Negatives.


def add_only(session, names):
    for name in names:
        # ok: n-plus-one
        session.add(User(name=name))
    session.commit()


def commit_every_thousand(session, names):
    for i, name in enumerate(names):
        session.add(User(name=name))
        if i % 1000 == 0:
            # ok: n-plus-one
            session.flush()


def in_one_select(session, ids):
    # ok: n-plus-one
    return session.scalars(select(User).where(User.id.in_(ids))).all()


def executemany_update(session, names):
    # ok: n-plus-one
    session.execute(update(User), [{"id": i, "name": n} for i, n in names.items()])


def executemany_insert_per_chunk(session, chunks):
    for chunk in chunks:
        # ok: n-plus-one
        session.execute(insert(User), [{"name": n} for n in chunk])


def text_executemany(conn, rows):
    # ok: n-plus-one
    conn.execute(text("INSERT INTO users (name) VALUES (:name)"), rows)
