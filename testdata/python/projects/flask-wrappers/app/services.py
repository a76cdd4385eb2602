from .store import Store
from .registry import lookup


def default_store() -> Store:
    return lookup("store")


def find(store: Store, term):
    return store.select(f"SELECT id FROM users WHERE name = '{term}'")  # expect: sql-injection@63


def find_in_default(term):
    return default_store().select(f"SELECT id FROM users WHERE name = '{term}'")  # expect: sql-injection@73


def find_safely(store: Store, term):
    return store.select("SELECT id FROM users WHERE name = ?", (term,))  # ok: parameters
