from blog.models import Post


def bylines():
    # expect: n-plus-one@29
    return [f"{post.title} {post.author.name}" for post in Post.published.all()[:50]]


# Negatives: the manager of another module loads the author with every query.


def bylines_loaded():
    # ok: n-plus-one
    return [post.author.name for post in Post.with_author.all()[:50]]
