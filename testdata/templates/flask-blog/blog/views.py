from flask import render_template
from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload

from . import app
from .models import Post, db


@app.route("/")
def index():
    posts = Post.query.order_by(Post.id.desc()).limit(20).all()
    return render_template("index.html", posts=posts, title="Latest")


@app.route("/loaded")
def loaded():
    posts = Post.query.options(selectinload(Post.author), selectinload(Post.comments)).limit(20).all()
    return render_template("index.html", posts=posts, title="Loaded")


@app.route("/feed")
def feed():
    stmt = select(Post).options(joinedload(Post.author)).limit(50)
    posts = db.session.scalars(stmt).all()
    names = ["a", "b"]
    return render_template("feed.html", posts=posts, names=names)
