from .orm_base import BaseModel


class User(BaseModel):
    pass


class Plain:
    @staticmethod
    def raw(text):
        return text


def by_name(name):
    return User.raw(f"SELECT id FROM user WHERE name = '{name}'")  # expect: sql-injection@58


def by_name_safely(name):
    return User.raw("SELECT id FROM user WHERE name = ?", name)  # ok: a parameter


def not_a_model(name):
    return Plain.raw(f"name = '{name}'")  # ok: no peewee model
