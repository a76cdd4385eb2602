#!/usr/bin/env python3
"""Generates a deterministic Python web project for the project-index benchmarks: a
`pyproject.toml`, a `shopapp/db.py` of sqlite3 and psycopg wrappers (`query_db(sql,
args=(), one=False)`, `execute`, `fetch_all`, a `PgStore` class), a `shopapp/core/sql.py`
of query-building helpers, then packages of `models.py` (SQLAlchemy models),
repositories (parameterised queries through the wrappers), services (importing
repositories of their own and other packages), views (f-strings handed to the wrappers:
request values, errors, and numbers through `int()`, warnings) and plain utilities.
About 150 lines a module. Used by bench/project.py and bench/lsp_latency.py.

usage: gen_project.py OUT_DIR [MODULES]
"""

import os
import random
import sys

PACKAGES = [
    "accounts", "billing", "catalog", "checkout", "customers", "delivery", "discounts",
    "inventory", "invoices", "loyalty", "marketing", "notifications", "orders", "payments",
    "pricing", "promotions", "refunds", "reports", "reviews", "search", "shipping",
    "suppliers", "support", "tax", "warehouse", "wishlists", "analytics", "audit",
]
KINDS = ["repo", "services", "views", "utils"]

DB = '''"""Database access: one sqlite3 connection per request, a psycopg pool for reports."""
import sqlite3

import psycopg
from flask import g

DATABASE = "shop.db"
PG_DSN = "dbname=shop"


def get_db():
    db = getattr(g, "_database", None)
    if db is None:
        db = g._database = sqlite3.connect(DATABASE)
    return db


def query_db(sql, args=(), one=False):
    cur = get_db().execute(sql, args)
    rows = cur.fetchall()
    cur.close()
    return (rows[0] if rows else None) if one else rows


def execute(sql, params=()):
    db = get_db()
    cur = db.execute(sql, params)
    db.commit()
    return cur.rowcount


def fetch_all(sql, params=None):
    with psycopg.connect(PG_DSN) as conn:
        with conn.cursor() as cur:
            cur.execute(sql, params)
            return cur.fetchall()


class PgStore:
    def __init__(self, dsn=PG_DSN):
        self.conn = psycopg.connect(dsn)

    def select(self, sql, params=None):
        with self.conn.cursor() as cur:
            cur.execute(sql, params)
            return cur.fetchall()

    def one(self, sql, params=None):
        with self.conn.cursor() as cur:
            cur.execute(sql, params)
            return cur.fetchone()

    def close(self):
        self.conn.close()
'''

SQL_HELPERS = '''"""Query-building helpers shared by the packages."""
ALLOWED_ORDER = {"id", "created_at", "name", "total_cents"}


def select_from(table, columns="id, name"):
    return f"SELECT {columns} FROM {table}"


def count_rows(table):
    return "SELECT count(*) FROM " + table + " WHERE deleted_at IS NULL"


def order_column(column):
    if column not in ALLOWED_ORDER:
        raise ValueError(column)
    return column


def page(limit, offset):
    return f" LIMIT {int(limit)} OFFSET {int(offset)}"
'''


def models_module(rng, pkg):
    out = [
        f'"""Models of the {pkg} package."""',
        "from sqlalchemy import Column, ForeignKey, Integer, String, DateTime, Index",
        "from sqlalchemy.orm import declarative_base, relationship",
        "",
        "Base = declarative_base()",
        "",
    ]
    for m in range(4):
        name = f"{pkg.title().replace('_', '')}Item{m}"
        table = f"{pkg}_item_{m}"
        out += [
            "",
            f"class {name}(Base):",
            f'    __tablename__ = "{table}"',
            "    id = Column(Integer, primary_key=True)",
            "    name = Column(String(200), nullable=False)",
            "    owner_id = Column(Integer, ForeignKey('accounts_item_0.id'), index=True)",
            "    status = Column(String(20))",
            "    created_at = Column(DateTime)",
            f"    __table_args__ = (Index('ix_{table}_status', 'status'),)",
            "",
            "    def label(self):",
            "        return f'{self.name} ({self.status})'",
        ]
    return out


def repo_module(rng, pkg, n):
    out = [
        f'"""Queries of {pkg}, through the shared wrappers."""',
        "from shopapp.db import PgStore, execute, fetch_all, query_db",
        "from shopapp.core.sql import count_rows, order_column, page",
        "",
    ]
    for f in range(8):
        table = f"{pkg}_item_{rng.randrange(4)}"
        out += [
            "",
            "",
            f"def get_{f}(item_id):",
            f'    return query_db("SELECT id, name, status FROM {table} WHERE id = ?", (item_id,), one=True)',
            "",
            "",
            f"def list_{f}(owner_id, limit=50, offset=0):",
            f'    sql = "SELECT id, name FROM {table} WHERE owner_id = ?" + page(limit, offset)',
            "    return query_db(sql, (owner_id,))",
            "",
            "",
            f"def rename_{f}(item_id, name):",
            f'    return execute("UPDATE {table} SET name = ? WHERE id = ?", (name, item_id))',
            "",
            "",
            f"def sorted_{f}(column):",
            f'    return fetch_all(f"SELECT id, name FROM {table} ORDER BY {{order_column(column)}} LIMIT 100")',
        ]
    out += [
        "",
        "",
        f"class {pkg.title()}Repo{n}:",
        "    def __init__(self):",
        "        self.store = PgStore()",
        "",
        "    def by_owner(self, owner_id):",
        f'        return self.store.select("SELECT id FROM {pkg}_item_0 WHERE owner_id = %s LIMIT 20", (owner_id,))',
        "",
        "    def total(self):",
        f'        return self.store.one(count_rows("{pkg}_item_1"))',
    ]
    return out


def services_module(rng, pkg, n, repos):
    own = [r for r in repos if r[0] == pkg] or repos
    picks = sorted({rng.choice(own), rng.choice(repos), rng.choice(repos)})
    out = [f'"""Business logic of {pkg}."""', "import datetime", "import logging", ""]
    for p, r in picks:
        out.append(f"from shopapp.{p} import repo_{r} as {p}_repo_{r}")
    out += ["from shopapp.db import query_db", "", "log = logging.getLogger(__name__)", ""]
    for f in range(8):
        p, r = picks[f % len(picks)]
        k = rng.randrange(8)
        out += [
            "",
            "",
            f"def summary_{f}(owner_id):",
            f"    rows = {p}_repo_{r}.list_{k}(owner_id)",
            "    total = 0",
            "    for row in rows:",
            "        total += len(row[1])",
            "    log.info('summary for %s: %d', owner_id, total)",
            "    return {'owner': owner_id, 'count': len(rows), 'total': total}",
            "",
            "",
            f"def touch_{f}(item_id, name):",
            f"    item = {p}_repo_{r}.get_{k}(item_id)",
            "    if item is None:",
            "        return False",
            f"    {p}_repo_{r}.rename_{k}(item_id, name.strip())",
            "    return True",
            "",
            "",
            f"def recent_{f}(days):",
            "    since = datetime.date.today() - datetime.timedelta(days=int(days))",
            f'    return query_db("SELECT id FROM {pkg}_item_{k % 4} WHERE created_at > ? LIMIT 100", (since,))',
        ]
    return out


def views_module(rng, pkg, n, services):
    own = [s for s in services if s[0] == pkg] or services
    picks = sorted({rng.choice(own), rng.choice(services)})
    out = [
        f'"""HTTP views of {pkg}."""',
        "from flask import jsonify, request",
        "",
        "from shopapp.core.sql import select_from",
        "from shopapp.db import PgStore, get_db, query_db",
    ]
    (p0, s0), others = picks[0], picks[1:]
    out.append(f"from shopapp.{p0}.services_{s0} import summary_0, touch_1")
    for p, s in others:
        out.append(f"from shopapp.{p} import services_{s} as {p}_services_{s}")
    other = f"{others[0][0]}_services_{others[0][1]}" if others else None
    for f in range(8):
        table = f"{pkg}_item_{f % 4}"
        out += [
            "",
            "",
            f"def show_{f}(item_id):",
            f'    row = query_db(f"SELECT id, name FROM {table} WHERE id = {{int(item_id)}}", one=True)',
            "    return jsonify(row)",
            "",
            "",
            f"def owner_{f}(owner_id):",
            f"    return jsonify({other + '.' if other and f % 2 else ''}summary_{f if other and f % 2 else 0}(owner_id))",
            "",
            "",
            f"def rename_{f}(item_id):",
            "    return jsonify(ok=touch_1(item_id, request.form['name']))",
        ]
        if (n + f) % 5 == 0:
            # One in five: a request value interpolated into the query (a finding).
            out += [
                "",
                "",
                f"def search_{f}():",
                "    term = request.args.get('q', '')",
                f"    return jsonify(query_db(f\"SELECT id, name FROM {table} WHERE name = '{{term}}'\"))",
            ]
        if (n + f) % 7 == 0:
            out += [
                "",
                "",
                f"def dump_{f}():",
                "    table = request.args['table']",
                "    return jsonify(get_db().execute(select_from(table)).fetchall())",
            ]
    out += [
        "",
        "",
        "def report():",
        "    store = PgStore()",
        "    try:",
        f'        return store.select("SELECT status, count(*) FROM {pkg}_item_0 GROUP BY status")',
        "    finally:",
        "        store.close()",
    ]
    return out


def utils_module(rng, pkg, n):
    out = [f'"""Helpers of {pkg}: no SQL."""', "import re", "", "SLUG = re.compile(r'[^a-z0-9]+')", ""]
    for f in range(12):
        out += [
            "",
            "",
            f"def slug_{f}(text):",
            "    return SLUG.sub('-', text.lower()).strip('-')",
            "",
            "",
            f"def cents_{f}(amount):",
            "    whole, _, frac = str(amount).partition('.')",
            "    return int(whole) * 100 + int((frac + '00')[:2])",
        ]
    return out


def generate(out_dir, modules=1000, seed=1):
    """Writes the project (about MODULES Python modules) and returns their paths, relative."""
    rng = random.Random(seed)
    per_package = 40
    packages = max(1, -(-(modules - 4) // per_package))
    names = [PACKAGES[i % len(PACKAGES)] + ("" if i < len(PACKAGES) else str(i // len(PACKAGES))) for i in range(packages)]
    files = {
        "pyproject.toml": '[project]\nname = "shopapp"\nversion = "1.0"\n\n[tool.ruff]\nline-length = 120\n',
        "shopapp/__init__.py": '"""The shop."""\n',
        "shopapp/db.py": DB,
        "shopapp/core/__init__.py": "",
        "shopapp/core/sql.py": SQL_HELPERS,
    }
    # Every package: __init__, models, then repos, services, views and utils in turn.
    slots = []
    for pkg in names:
        for n in range(per_package - 2):
            slots.append((pkg, KINDS[n % len(KINDS)], n))
    slots = slots[: max(0, modules - 4 - 2 * len(names))]
    repos = [(p, n) for p, k, n in slots if k == "repo"]
    services = [(p, n) for p, k, n in slots if k == "services"]
    for pkg in names:
        files[f"shopapp/{pkg}/__init__.py"] = f'"""The {pkg} package."""\n'
        files[f"shopapp/{pkg}/models.py"] = "\n".join(models_module(rng, pkg)) + "\n"
    for pkg, kind, n in slots:
        if kind == "repo":
            lines = repo_module(rng, pkg, n)
        elif kind == "services":
            lines = services_module(rng, pkg, n, repos)
        elif kind == "views":
            lines = views_module(rng, pkg, n, services)
        else:
            lines = utils_module(rng, pkg, n)
        files[f"shopapp/{pkg}/{kind}_{n}.py"] = "\n".join(lines) + "\n"
    for rel, text in files.items():
        path = os.path.join(out_dir, rel)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        # Unchanged files keep their modification time, so a cache stays warm across runs.
        try:
            with open(path) as existing:
                if existing.read() == text:
                    continue
        except FileNotFoundError:
            pass
        with open(path, "w") as f:
            f.write(text)
    return sorted(rel for rel in files if rel.endswith(".py"))


if __name__ == "__main__":
    written = generate(sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 1000)
    print(f"{len(written)} modules under {sys.argv[1]}")
