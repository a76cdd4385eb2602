from app.cursors import Shared


def close_named(name):
    Shared(name).close()
