"""A DELETE or UPDATE without WHERE in a function whose name says every row is meant."""
import sqlite3

CACHE_TABLE = "cache_entries"


class DatabaseCache:
    def clear(self, cur):
        # ok: delete-without-where
        cur.execute(f"DELETE FROM {CACHE_TABLE}")

    def delete_rows(self, cur):
        # ok: delete-without-where
        cur.execute("DELETE FROM %s" % CACHE_TABLE)

    def truncateSessions(self, cur):
        # ok: delete-without-where
        cur.execute("DELETE FROM sessions")

    # A name for something narrower keeps the finding.
    def delete_rows_for(self, cur, user_id):
        # expect: delete-without-where@22
        cur.execute("DELETE FROM sessions")

    def delete_user(self, cur, user_id):
        # expect: delete-without-where@22
        cur.execute("DELETE FROM users")

    def remove_all_expired(self, cur):
        # expect: delete-without-where@22
        cur.execute("DELETE FROM sessions")


def _alter_field_type(cur):
    # A schema change copies a column into every row.
    # ok: update-without-where
    cur.execute("UPDATE articles SET body_new = CAST(body AS TEXT)")


def backfill_slugs(cur):
    # ok: update-without-where
    cur.execute("UPDATE articles SET slug = lower(title)")


def reset_password(cur, password):
    # expect: update-without-where@18
    cur.execute("UPDATE users SET password = ?", (password,))


def clear(cur):
    # Emptying names a DELETE, not an UPDATE.
    # expect: update-without-where@18
    cur.execute("UPDATE users SET active = 0")


class Table:
    def insert_all(self, cur, rows, truncate=False):
        # The caller asks for the table to be emptied first, by the flag's name.
        if truncate and self.exists(cur):
            # ok: delete-without-where
            cur.execute("DELETE FROM items")
        cur.executemany("INSERT INTO items (name) VALUES (?)", rows)

    def load(self, cur, args):
        if args.truncate:
            # ok: delete-without-where
            cur.execute("DELETE FROM items")

    def sync(self, cur, keep, truncate=False, user_id=None):
        if not keep:
            # expect: delete-without-where@26
            cur.execute("DELETE FROM items")
        if user_id:
            # expect: delete-without-where@26
            cur.execute("DELETE FROM sessions")
        if truncate:
            pass
        else:
            # expect: delete-without-where@26
            cur.execute("DELETE FROM items")

    def reload(self, cur, options):
        if options["truncate"]:
            # ok: delete-without-where
            cur.execute("DELETE FROM items")
        if self.clear:
            # ok: delete-without-where
            cur.execute("DELETE FROM items")

    def exists(self, cur):
        return cur.execute("SELECT 1 FROM items LIMIT 1").fetchone() is not None


def logout_everywhere(cur, user, reset_password):
    # The flag names one row's change: a word of it is no request to empty the table.
    if reset_password:
        # expect: delete-without-where@22
        cur.execute("DELETE FROM sessions")


def on_change(cur, user):
    # An attribute of an object other than the options is state, not the caller's request.
    if user.truncate:
        # expect: delete-without-where@22
        cur.execute("DELETE FROM sessions")


def nested(cur, user, reset_password):
    if reset_password:
        if user.admin:
            # expect: delete-without-where@26
            cur.execute("DELETE FROM audit")


def main():
    conn = sqlite3.connect("app.db")
    clear(conn.cursor())
