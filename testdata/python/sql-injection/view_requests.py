"""A view's request parameter — Django's `HttpRequest`, Starlette's (FastAPI) and aiohttp's
`Request` — carries request data: what is read off it is named so in messages."""
import sqlite3

from aiohttp import web
from django.http import HttpRequest
from starlette.requests import Request

db = sqlite3.connect("app.db")


def django_view(request):
    # expect: sql-injection@59
    db.execute("SELECT id FROM users WHERE name = '%s'" % request.GET["name"])
    # expect: sql-injection@55
    db.execute(f"SELECT id FROM users WHERE email = '{request.POST.get('email')}'")
    # expect: sql-injection@54
    db.execute("SELECT id FROM users WHERE sid = " + request.COOKIES["sid"])
    # expect: sql-injection@55
    db.execute(f"SELECT id FROM users WHERE agent = '{request.headers['User-Agent']}'")
    # expect: sql-injection@54
    db.execute(f"SELECT id FROM hosts WHERE addr = '{request.META['REMOTE_ADDR']}'")
    # ok: sql-injection
    db.execute("SELECT id FROM users WHERE name = ?", (request.GET["name"],))


def annotated_view(req: HttpRequest):
    # expect: sql-injection@54
    db.execute(f"SELECT id FROM users WHERE name = '{req.GET['name']}'")
    # `req.user` is no request data, but a parameter's attribute is still not trusted.
    # expect: sql-injection@51
    db.execute(f"SELECT id FROM users WHERE id = {req.user.id}")


async def starlette_endpoint(request: Request):
    body = await request.json()
    form = await request.form()
    # expect: sql-injection@51
    db.execute(f"SELECT id FROM users WHERE id = {request.path_params['id']}")
    # expect: sql-injection@54
    db.execute(f"SELECT id FROM users WHERE name = '{request.query_params['q']}'")
    # expect: sql-injection@54
    db.execute(f"SELECT id FROM users WHERE name = '{body['name']}'")
    # expect: sql-injection@55
    db.execute(f"SELECT id FROM users WHERE email = '{form['email']}'")
    # ok: sql-injection
    db.execute("SELECT id FROM users WHERE name = ?", (body["name"],))


async def aiohttp_handler(request: web.Request):
    data = await request.post()
    # expect: sql-injection@51
    db.execute(f"SELECT id FROM users WHERE id = {request.match_info['id']}")
    # expect: sql-injection@54
    db.execute(f"SELECT id FROM users WHERE name = '{request.query['q']}'")
    # expect: sql-injection@54
    db.execute(f"SELECT id FROM users WHERE name = '{data['name']}'")


def not_a_view(request_id):
    # A parameter merely named like a request is a parameter.
    # expect: sql-injection@51
    db.execute(f"SELECT id FROM users WHERE id = {request_id}")
