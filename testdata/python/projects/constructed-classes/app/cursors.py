"""Named server-side cursors. `Local` is made only here, `Shared` is imported by
`app.views` too: the names `Shared` stores are that module's as well."""
import sqlite3

conn = sqlite3.connect("app.db")


class Local:
    def __init__(self, name):
        self.name = name

    def close(self):
        # ok: sql-injection
        conn.execute("CLOSE " + self.name)


class Shared:
    def __init__(self, name):
        self.name = name

    def close(self):
        # Constructed in another module, out of sight here.
        # expect: sql-injection
        conn.execute("CLOSE " + self.name)


def local():
    return Local("c_local")


def shared():
    return Shared("c_shared")
