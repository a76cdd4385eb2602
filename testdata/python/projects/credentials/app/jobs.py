"""The project's own `connect()` wrapper, imported and called by its bare name, opens a
database connection: its password is a database password."""
from app.db import connect

# expect: hardcoded-credentials@49
CONN = connect(host="db", user="jobs", password="jobs-secret")
