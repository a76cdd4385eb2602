import psycopg2
import pytest


@pytest.fixture
def conn():
    # A dummy password in a fixture is no leak: hardcoded-credentials is off in tests.
    # ok: hardcoded-credentials
    return psycopg2.connect(host="localhost", user="test", password="test")
