import auto_prefetch
from django.db import models
from django.db.models import FETCH_PEERS, RAISE, prefetch_related_objects
from sqlalchemy import ForeignKey, select
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, raiseload, relationship


class Publisher(models.Model):
    name = models.CharField(max_length=100)


class Author(models.Model):
    name = models.CharField(max_length=100)
    publisher = models.ForeignKey(Publisher, on_delete=models.CASCADE)


class Book(models.Model):
    title = models.CharField(max_length=200)
    author = models.ForeignKey(Author, on_delete=models.CASCADE)


class Chapter(auto_prefetch.Model):
    title = models.CharField(max_length=200)
    book = auto_prefetch.ForeignKey(Book, on_delete=models.CASCADE)


def peers_fetch_mode():
    for book in Book.objects.fetch_mode(FETCH_PEERS).filter(title__startswith="A"):
        # ok: n-plus-one
        print(book.author.name)


def raise_fetch_mode():
    for book in Book.objects.filter(title__startswith="A").fetch_mode(models.RAISE):
        # ok: n-plus-one
        print(book.author.name)


def auto_prefetched_foreign_key():
    for chapter in Chapter.objects.filter(title__contains="x"):
        # ok: n-plus-one
        print(chapter.book.title)


def auto_prefetch_covers_only_its_own_fields():
    for chapter in Chapter.objects.filter(title__contains="x"):
        # expect: n-plus-one@15
        print(chapter.book.author.name)


def prefetched_objects():
    books = list(Book.objects.filter(title__startswith="B"))
    prefetch_related_objects(books, "author")
    for book in books:
        # ok: n-plus-one
        print(book.author.name)


def not_prefetched_objects():
    books = list(Book.objects.filter(title__startswith="B"))
    prefetch_related_objects(books, "author")
    for book in books:
        # expect: n-plus-one@15
        print(book.author.publisher.name)


class Base(DeclarativeBase):
    pass


class Team(Base):
    __tablename__ = "teams"
    id: Mapped[int] = mapped_column(primary_key=True)
    members: Mapped[list["Member"]] = relationship()


class Member(Base):
    __tablename__ = "members"
    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[int] = mapped_column(ForeignKey("teams.id"))


def raiseload_everything(session):
    for team in session.scalars(select(Team).options(raiseload("*")).where(Team.id > 1)):
        # ok: n-plus-one
        print(team.members)


class NovelManager(models.Manager):
    def get_queryset(self):
        return super().get_queryset().select_related("author")


class Novel(models.Model):
    title = models.CharField(max_length=200)
    author = models.ForeignKey(Author, on_delete=models.CASCADE)
    objects = NovelManager()


def manager_selects_the_author():
    for novel in Novel.objects.filter(title__startswith="A"):
        # ok: n-plus-one
        print(novel.author.name)


def manager_does_not_select_the_publisher():
    for novel in Novel.objects.filter(title__startswith="A"):
        # expect: n-plus-one@15
        print(novel.author.publisher.name)
