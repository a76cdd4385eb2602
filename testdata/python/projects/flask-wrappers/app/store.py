from .db import get_db


class Store:
    def __init__(self):
        self.conn = get_db()

    def select(self, sql, params=()):
        return self.conn.execute(sql, params).fetchall()

    def by_id(self, user_id):
        return self.conn.execute("SELECT id, name FROM users WHERE id = ?", (user_id,)).fetchone()
