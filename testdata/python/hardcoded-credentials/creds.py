import os

import asyncpg
import mysql.connector
import psycopg2
from sqlalchemy import create_engine

DB_PASSWORD = "s3cret"

# expect: hardcoded-credentials@54
a = psycopg2.connect(host="db", user="app", password="hunter2")
# expect: hardcoded-credentials@48
b = mysql.connector.connect(user="app", passwd=DB_PASSWORD)
# expect: hardcoded-credentials@19
c = create_engine("postgresql://app:secret@db:5432/app")
# expect: hardcoded-credentials@22
d = psycopg2.connect("host=db user=app password=secret")


async def main():
    # expect: hardcoded-credentials@55
    return await asyncpg.connect(user="app", password="pw123", host="db")

DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.postgresql",
        # expect: hardcoded-credentials@21
        "PASSWORD": "django-secret",
    }
}

# ok: hardcoded-credentials
e = psycopg2.connect(host="db", user="app", password=os.environ["DB_PASSWORD"])
# ok: hardcoded-credentials
f = create_engine(os.environ["DATABASE_URL"])
# ok: hardcoded-credentials
g = create_engine("postgresql://app@db/app")
# ok: hardcoded-credentials
h = psycopg2.connect(host="db", user="app", password="")
# ok: hardcoded-credentials
i = create_engine("postgresql://app:${DB_PASSWORD}@db/app")
# ok: hardcoded-credentials
j = some_client.connect(password=os.getenv("PW"))
