from django.db import models


class Author(models.Model):
    name = models.CharField(max_length=100)


class PublishedManager(models.Manager):
    def get_queryset(self):
        return super().get_queryset().filter(status="published")


class WithAuthorManager(models.Manager):
    def get_queryset(self):
        return super().get_queryset().select_related("author")


class PostQuerySet(models.QuerySet):
    def recent(self):
        return self.order_by("-id")


class Post(models.Model):
    title = models.CharField(max_length=200)
    status = models.CharField(max_length=20)
    author = models.ForeignKey(Author, on_delete=models.CASCADE)

    objects = models.Manager()
    published = PublishedManager()
    with_author = WithAuthorManager()
    live = PostQuerySet.as_manager()


def bylines():
    lines = []
    for post in Post.published.all()[:50]:
        # expect: n-plus-one@41
        lines.append(f"{post.title} by {post.author.name}")
    return lines


def live_bylines():
    # expect: n-plus-one@13
    return [post.author.name for post in Post.live.filter(title__startswith="A")[:50]]


# Negatives.


def bylines_loaded():
    # ok: n-plus-one
    return [p.author.name for p in Post.published.select_related("author")[:50]]


def bylines_by_manager():
    # ok: n-plus-one
    return [p.author.name for p in Post.with_author.filter(status="draft")[:50]]


def titles():
    # ok: n-plus-one
    return [post.title for post in Post.published.all()[:50]]
