import psycopg2


def connect(**options):
    return psycopg2.connect(**options)
