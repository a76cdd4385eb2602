from django.db import models
from django.db.models import Count, Prefetch


class Publisher(models.Model):
    name = models.CharField(max_length=100)


class Author(models.Model):
    name = models.CharField(max_length=100)
    publisher = models.ForeignKey(Publisher, on_delete=models.CASCADE)


class Tag(models.Model):
    label = models.CharField(max_length=50)


class Book(models.Model):
    title = models.CharField(max_length=200)
    author = models.ForeignKey("library.Author", on_delete=models.CASCADE, related_name="books")
    tags = models.ManyToManyField(Tag)
    editor = models.ForeignKey(Author, on_delete=models.SET_NULL, null=True, related_name="+")


class Review(models.Model):
    book = models.ForeignKey(Book, on_delete=models.CASCADE)
    stars = models.IntegerField()


def titles_with_authors():
    out = []
    for book in Book.objects.filter(title__startswith="A"):
        # expect: n-plus-one@33
        out.append((book.title, book.author.name))
    return out


def nested_path_needs_the_whole_chain():
    qs = Book.objects.select_related("author")
    qs = qs.filter(title__contains="x")
    # expect: n-plus-one@13
    return [b.author.publisher.name for b in qs]


def many_to_many_without_prefetch():
    for book in Book.objects.filter(pk__gt=10):
        # expect: n-plus-one@36
        labels = [t.label for t in book.tags.all()]
        print(labels)


def reverse_foreign_key_default_name():
    for book in Book.objects.filter(pk__gt=10):
        # expect: n-plus-one@15
        print(book.review_set.count())


def reverse_with_related_name():
    for author in Author.objects.filter(name="x"):
        # expect: n-plus-one@20
        print(list(author.books.all()))


def filter_on_prefetched_relation_bypasses_it():
    for book in Book.objects.prefetch_related("tags").filter(pk__gt=1):
        # expect: n-plus-one@15
        print(book.tags.filter(label="new"))


def query_per_item():
    for book in Book.objects.filter(pk__lt=100):
        # expect: n-plus-one@13
        n = Review.objects.filter(book_id=book.id).count()
        print(n)


def get_per_item_in_a_comprehension(ids):
    # expect: n-plus-one@13
    return [Author.objects.get(pk=b.author_id) for b in Book.objects.filter(id__in=ids)]


def write_per_item():
    for book in Book.objects.filter(title=""):
        # expect: n-plus-one@9
        Review.objects.create(book=book, stars=0)


# Negatives: loaded with the rows, or not a relation at all.


def selected():
    for book in Book.objects.select_related("author__publisher").filter(pk=1):
        # ok: n-plus-one
        print(book.author.name, book.author.publisher.name)


def foreign_key_id_is_a_column():
    for book in Book.objects.filter(pk__gt=1):
        # ok: n-plus-one
        print(book.author_id, book.title)


def prefetched_many_to_many():
    books = Book.objects.prefetch_related("tags", "review_set")
    for book in books.filter(pk__gt=1):
        # ok: n-plus-one
        print([t.label for t in book.tags.all()], book.review_set.count())


def prefetch_object_without_to_attr():
    for author in Author.objects.prefetch_related(Prefetch("books")).filter(pk=2):
        # ok: n-plus-one
        print(author.books.all())


def prefetch_to_attr_is_a_list():
    recent = Book.objects.filter(title__startswith="2024")
    for author in Author.objects.prefetch_related(Prefetch("books", queryset=recent, to_attr="recent")).filter(pk=3):
        # ok: n-plus-one
        print(len(author.recent))


def values_are_dicts():
    for row in Book.objects.values("title", "author__name").filter(pk=1):
        # ok: n-plus-one
        print(row["title"], row["author__name"])


def select_related_without_arguments():
    for book in Book.objects.select_related().filter(pk=1):
        # ok: n-plus-one
        print(book.author.name)


def not_a_model_loop(books):
    for book in books:
        # ok: n-plus-one
        print(book.author.name)


def hidden_relation_has_no_accessor():
    for author in Author.objects.filter(pk=1):
        # ok: n-plus-one
        print(author.name)


def annotated_count_instead_of_a_query():
    for book in Book.objects.annotate(n=Count("review")).filter(pk__gt=0):
        # ok: n-plus-one
        print(book.n)


def nested_prefetch_covers_the_inner_loop():
    for author in Author.objects.prefetch_related("books__tags").filter(pk=1):
        for book in author.books.all():
            # ok: n-plus-one
            print([t.label for t in book.tags.all()])



def authors_through_meta():
    # The model's default manager reads the same rows as `Review.objects` (reviews are
    # pointed at by no model: not reference data, unlike books here).
    # expect: n-plus-one@13, unbounded-fetch@35
    return [r.book.title for r in Review._meta.default_manager.all()]


def reviews_of_prefetched_books():
    for book in Book.objects.prefetch_related("review_set").filter(pk__gt=1):
        for review in book.review_set.all():
            # Each review is handed the book it was reached from.
            # ok: n-plus-one
            print(review.book.title, review.stars)


def authors_of_prefetched_books():
    for author in Author.objects.prefetch_related("books").filter(pk__gt=1):
        for book in author.books.all():
            # The book's author is the loop's author; its publisher is another query.
            # ok: n-plus-one
            print(book.author.name)
            # expect: n-plus-one@19
            print(book.author.publisher.name)
