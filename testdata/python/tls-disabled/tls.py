import os

import psycopg2
import pymysql
from sqlalchemy import create_engine

# expect: tls-disabled@41
a = psycopg2.connect(host="db", sslmode="disable")
# expect: tls-disabled@22
b = psycopg2.connect("host=db sslmode=allow")
# expect: tls-disabled@19
c = create_engine("postgresql://app@db/app?sslmode=disable")
# expect: tls-disabled@71
d = create_engine("postgresql://app@db/app", connect_args={"sslmode": "disable"})
# expect: tls-disabled@45
e = pymysql.connect(host="db", ssl_disabled=True)

DATABASES = {
    "default": {
        # expect: tls-disabled@32
        "OPTIONS": {"sslmode": "disable"},
    }
}

# ok: tls-disabled
f = psycopg2.connect(host="db", sslmode="verify-full")
# ok: tls-disabled
g = create_engine("postgresql://app@db/app?sslmode=require")
# ok: tls-disabled
h = psycopg2.connect(host="db", sslmode=os.environ.get("PGSSLMODE", "require"))
# ok: tls-disabled
i = pymysql.connect(host="db", ssl={"ca": "/etc/ssl/ca.pem"})
