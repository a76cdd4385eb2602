from flask import render_template
from sqlalchemy.orm import joinedload

from ..models import Post
from . import admin


@admin.route("/posts")
def posts():
    return render_template("admin/posts.html", posts=Post.query.limit(100).all())


@admin.route("/authors")
def authors():
    posts = Post.query.options(joinedload(Post.author)).limit(100).all()
    return render_template("admin/authors.html", posts=posts)
