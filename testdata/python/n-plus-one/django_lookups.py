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


def unique_code(make_code):
    while True:
        code = make_code()
        # ok: n-plus-one
        if not Book.objects.filter(title=code).exists():
            return code


def in_chunks(chunks):
    for chunk in chunks:
        # ok: n-plus-one
        Book.objects.filter(pk__in=chunk).update(title="")


def a_queryset_read_once(author_ids):
    books = Book.objects.filter(title__startswith="A")
    for author_id in author_ids:
        # ok: n-plus-one
        print([b.title for b in books if b.author_id == author_id])


def a_queryset_per_item(author_ids):
    for author_id in author_ids:
        books = Book.objects.filter(author_id=author_id)
        # expect: n-plus-one@33
        print([b.title for b in books])


def pages(size):
    qs = Book.objects.filter(title__startswith="A").order_by("pk")
    for page in range(size):
        # ok: n-plus-one
        for book in qs[page * 100:(page + 1) * 100]:
            print(book.title)


def written_out_models():
    for model in [Author, Book]:
        # ok: n-plus-one
        print(model.objects.count())


def same_list_every_time(author_ids, titles):
    for author_id in author_ids:
        # expect: n-plus-one@15
        print(Book.objects.filter(author_id=author_id, title__in=titles).count())
