# fixture: extend-select=sql-built-outside-sink
import logging


def report(day):
    # expect: sql-built-outside-sink@12
    return f"SELECT count(*) FROM events WHERE day = '{day}'"


def logged(day):
    # ok: sql-built-outside-sink
    logging.info(f"SELECT count(*) FROM events WHERE day = '{day}'")


def not_sql(name):
    # ok: sql-built-outside-sink
    return f"Hello {name}, select your plan"
