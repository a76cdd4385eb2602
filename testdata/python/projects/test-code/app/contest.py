import psycopg2

# `contest.py` is not test code: only `conftest.py` is.
# expect: hardcoded-credentials@59
CONN = psycopg2.connect(host="db", user="judge", password="s3cret")
