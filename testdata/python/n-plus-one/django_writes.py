from django.db import models
from django.db.models import F


class Tag(models.Model):
    label = models.CharField(max_length=50)


class Book(models.Model):
    title = models.CharField(max_length=200)
    price = models.IntegerField()
    tags = models.ManyToManyField(Tag, related_name="books")


class Sale(models.Model):
    book = models.ForeignKey(Book, on_delete=models.CASCADE)
    copies = models.IntegerField()


def import_books(rows):
    for row in rows:
        # expect: n-plus-one@9
        Book.objects.create(title=row["title"], price=row["price"])


def save_new_objects(titles):
    for title in titles:
        book = Book(title=title, price=0)
        # expect: n-plus-one@9
        book.save()


def save_each_row():
    for book in Book.objects.filter(price__lt=10):
        book.price += 1
        # expect: n-plus-one@9
        book.save()


def delete_each_row():
    for sale in Sale.objects.filter(copies=0):
        # expect: n-plus-one@9
        sale.delete()


def update_per_id(prices):
    for pk, price in prices.items():
        # expect: n-plus-one@9
        Book.objects.filter(pk=pk).update(price=price)


def get_or_create_per_label(labels):
    # expect: n-plus-one@13
    return [Tag.objects.get_or_create(label=label) for label in labels]


def tag_each(book_id, tag_ids):
    book = Book.objects.get(pk=book_id)
    for tag_id in tag_ids:
        # expect: n-plus-one@9
        book.tags.add(tag_id)


def tag_every_book(tag):
    for book in Book.objects.filter(price__gt=100):
        # expect: n-plus-one@9
        book.tags.add(tag)


# Negatives: the batched forms.


def bulk(rows):
    # ok: n-plus-one
    Book.objects.bulk_create([Book(title=r["title"], price=r["price"]) for r in rows])


def bulk_update(books):
    for book in books:
        book.price += 1
    # ok: n-plus-one
    Book.objects.bulk_update(books, ["price"])


def one_update():
    # ok: n-plus-one
    Book.objects.filter(price__lt=10).update(price=F("price") + 1)


def add_all_at_once(book_id, tags):
    book = Book.objects.get(pk=book_id)
    # ok: n-plus-one
    book.tags.add(*tags)


def save_outside_the_loop(title):
    book = Book(title=title, price=0)
    # ok: n-plus-one
    book.save()


def constant_loop():
    for label in ("new", "sale", "classic"):
        # ok: n-plus-one
        Tag.objects.get_or_create(label=label)


def a_few_fixed_iterations():
    for i in range(3):
        # ok: n-plus-one
        Tag.objects.create(label=f"tag {i}")


def tag_each_new_book(titles, tags):
    for title in titles:
        # expect: n-plus-one@16
        book = Book.objects.create(title=title, price=0)
        # expect: n-plus-one@9
        book.tags.add(*tags)
