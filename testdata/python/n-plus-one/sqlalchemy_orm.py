from typing import List, Optional

from sqlalchemy import ForeignKey, select
from sqlalchemy.orm import DeclarativeBase, Mapped, joinedload, mapped_column, relationship, selectinload


class Base(DeclarativeBase):
    pass


class Publisher(Base):
    __tablename__ = "publishers"
    id: Mapped[int] = mapped_column(primary_key=True)


class Author(Base):
    __tablename__ = "authors"
    id: Mapped[int] = mapped_column(primary_key=True)
    publisher_id: Mapped[int] = mapped_column(ForeignKey("publishers.id"))
    publisher: Mapped["Publisher"] = relationship()
    books: Mapped[List["Book"]] = relationship(back_populates="author")
    awards = relationship("Award", lazy="selectin")
    letters = relationship("Letter", lazy="dynamic")
    secrets = relationship("Secret", lazy="raise")


class Book(Base):
    __tablename__ = "books"
    id: Mapped[int] = mapped_column(primary_key=True)
    author_id: Mapped[int] = mapped_column(ForeignKey("authors.id"))
    author: Mapped[Optional["Author"]] = relationship(back_populates="books")
    reviews = relationship("Review", backref="book")


def titles(session, ids):
    books = session.scalars(select(Book).where(Book.id.in_(ids))).all()
    # expect: n-plus-one@20
    return [(b.id, b.author.id) for b in books]


def nested(session):
    stmt = select(Book).options(joinedload(Book.author)).where(Book.id > 3)
    for book in session.scalars(stmt):
        # expect: n-plus-one@15
        print(book.author.publisher.id)


def legacy_query(session):
    for author in session.query(Author).filter(Author.id < 10):
        # expect: n-plus-one@19
        print(len(author.books))


def dynamic_relationship(session):
    for author in session.query(Author).filter(Author.id < 10).all():
        # expect: n-plus-one@15
        print(author.letters.count())


def backref_is_lazy(session):
    for book in session.execute(select(Book).where(Book.id == 1)).scalars():
        # expect: n-plus-one@15
        print(book.reviews)


# Negatives.


def loaded_with_options(session):
    stmt = (
        select(Book)
        .options(selectinload(Book.author).selectinload(Author.publisher), selectinload(Book.reviews))
        .where(Book.id > 1)
    )
    for book in session.scalars(stmt):
        # ok: n-plus-one
        print(book.author.publisher.id, book.reviews)


def eager_and_raise_relationships(session):
    for author in session.scalars(select(Author).where(Author.id == 2)):
        # ok: n-plus-one
        print(author.awards, author.secrets)


def string_loader_path(session):
    for author in session.query(Author).options(joinedload("books")).filter(Author.id == 1):
        # ok: n-plus-one
        print(len(author.books))


def foreign_key_column(session):
    for book in session.scalars(select(Book).where(Book.id > 0)):
        # ok: n-plus-one
        print(book.author_id)
