"""SQLModel re-exports SQLAlchemy's `text` and `Session`."""
from sqlmodel import Session, create_engine, select, text

engine = create_engine("sqlite:///app.db")


def raw(name, Hero):
    with Session(engine) as session:
        # expect: sql-injection@64
        session.exec(text(f"SELECT id FROM hero WHERE name = '{name}'"))
        # ok: sql-injection
        session.exec(text("SELECT id FROM hero WHERE name = :name").bindparams(name=name))
        # expect: sql-injection@64
        session.execute("SELECT id FROM hero WHERE name = '" + name + "'")
        # ok: sql-injection
        return session.exec(select(Hero).where(Hero.name == name)).all()
