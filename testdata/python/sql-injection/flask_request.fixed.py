"""The framework's global request object is imported at module level, yet what is read off
it comes from the client."""
import sqlite3

from flask import Flask, request

app = Flask(__name__)
TABLE = "users"


@app.route("/search")
def search():
    name = request.args["name"]
    db = sqlite3.connect("app.db")
    # expect: sql-injection@59
    db.execute("SELECT id FROM users WHERE name = '%s'" % name)
    # expect: sql-injection@55
    db.execute("SELECT id FROM users WHERE email = ?", (request.form['email'],))
    # expect: sql-injection@53
    db.execute("SELECT id FROM users WHERE id = " + request.args.get("id"))
    # ok: sql-injection
    db.execute("SELECT id FROM users WHERE name = ?", (request.args["name"],))
    # ok: sql-injection
    db.execute(f"SELECT id FROM {TABLE} WHERE name = ?", (name,))
    sort = request.args["sort"]
    if sort not in ("name", "email"):
        raise ValueError(sort)
    # ok: sql-injection
    db.execute(f"SELECT id FROM users ORDER BY {sort}")
