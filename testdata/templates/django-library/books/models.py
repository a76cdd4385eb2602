from django.db import models


class Publisher(models.Model):
    name = models.CharField(max_length=120)
    city = models.CharField(max_length=80, blank=True)


class Author(models.Model):
    publisher = models.ForeignKey(Publisher, on_delete=models.PROTECT)
    name = models.CharField(max_length=120)
    born = models.DateField(null=True)


class Tag(models.Model):
    slug = models.SlugField(unique=True)
    label = models.CharField(max_length=40)


class Book(models.Model):
    author = models.ForeignKey(Author, on_delete=models.PROTECT)
    tags = models.ManyToManyField(Tag, blank=True)
    title = models.CharField(max_length=250)
    published = models.DateField(null=True)


class Review(models.Model):
    book = models.ForeignKey(Book, on_delete=models.CASCADE, related_name="reviews")
    reviewer = models.ForeignKey(Author, on_delete=models.CASCADE)
    stars = models.PositiveSmallIntegerField()


class Loan(models.Model):
    book = models.ForeignKey(Book, on_delete=models.CASCADE)
    borrower = models.ForeignKey(Author, on_delete=models.CASCADE)
    due = models.DateField()

    @property
    def borrower_name(self):
        return self.borrower.name

    @property
    def overdue(self):
        # Its own field only: no query.
        return self.due is not None

    def __str__(self):
        return f"{self.book.title} (due {self.due})"
