from django.db import models


class Author(models.Model):
    name = models.CharField(max_length=100)


class Book(models.Model):
    title = models.CharField(max_length=200)
    author = models.ForeignKey(Author, on_delete=models.CASCADE, related_name="books")


def names(ids):
    # expect: n-plus-one@13
    return [Author.objects.get(pk=i).name for i in ids]


def counts(author_ids):
    out = {}
    for author_id in author_ids:
        # expect: n-plus-one@26
        out[author_id] = Book.objects.filter(author_id=author_id).count()
    return out


def existence(titles):
    # expect: n-plus-one@20
    return {title: Book.objects.filter(title=title).exists() for title in titles}


def related_count_per_row():
    for author in Author.objects.filter(name__startswith="A"):
        # expect: n-plus-one@19
        print(len(author.books.all()))


# Negatives.


def in_bulk(ids):
    # ok: n-plus-one
    authors = Author.objects.in_bulk(ids)
    return [authors[i].name for i in ids if i in authors]


def first_match(titles):
    # A search that stops at the first match still runs up to one query per title.
    for title in titles:
        # expect: n-plus-one@16
        book = Book.objects.filter(title=title).first()
        if book is not None:
            return book
    return None


def found_then_stop(titles):
    for title in titles:
        if title.startswith("The"):
            # ok: n-plus-one
            return Book.objects.get(title=title)
    return None
