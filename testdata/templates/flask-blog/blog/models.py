from flask_sqlalchemy import SQLAlchemy
from sqlalchemy import ForeignKey
from sqlalchemy.orm import Mapped, mapped_column, relationship

db = SQLAlchemy()


class User(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str]


class Tag(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    label: Mapped[str]


class Post(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str]
    author_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    author: Mapped["User"] = relationship(foreign_keys=[author_id])
    editor_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    editor: Mapped["User"] = relationship(lazy="raise", foreign_keys=[editor_id])
    comments: Mapped[list["Comment"]] = relationship(back_populates="post")
    tags: Mapped[list["Tag"]] = relationship(lazy="selectin")


class Comment(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    post_id: Mapped[int] = mapped_column(ForeignKey("post.id"))
    post: Mapped["Post"] = relationship(back_populates="comments")
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    user: Mapped["User"] = relationship(lazy="joined")
    body: Mapped[str]
