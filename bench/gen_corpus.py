#!/usr/bin/env python3
"""Writes a deterministic corpus of realistic PostgreSQL for the benchmark.

usage: gen_corpus.py OUT_DIR [TOTAL_MB] [FILE_KB]

Files of about FILE_KB kB each (default 20) until TOTAL_MB (default 24) is reached: schema
DDL, migrations, reporting queries with joins, CTEs and window functions, DML and PL/pgSQL,
with names and literals varied so no two statements are the same.
"""
import os
import random
import sys

TABLES = ["users", "orders", "order_items", "products", "invoices", "payments", "sessions",
          "events", "accounts", "addresses", "shipments", "coupons", "reviews", "tags"]
COLUMNS = ["id", "user_id", "order_id", "product_id", "status", "created_at", "updated_at",
           "total_cents", "email", "name", "quantity", "price_cents", "deleted_at", "kind"]


def pick(rng, seq):
    return seq[rng.randrange(len(seq))]


def create_table(rng, n):
    t = f"{pick(rng, TABLES)}_{n}"
    cols = ",\n".join(
        f"    {c}_{i} {pick(rng, ['bigint', 'text', 'integer', 'timestamptz', 'numeric(12,2)', 'boolean'])}"
        f"{pick(rng, ['', ' NOT NULL', ' DEFAULT 0', ' UNIQUE'])}"
        for i, c in enumerate(rng.sample(COLUMNS, 6)))
    return (f"CREATE TABLE IF NOT EXISTS {t} (\n    id bigserial PRIMARY KEY,\n{cols},\n"
            f"    CONSTRAINT {t}_chk CHECK (id > 0)\n);\n"
            f"CREATE INDEX {t}_idx ON {t} ({pick(rng, COLUMNS)}_{rng.randrange(6)}, created_at DESC);\n")


def report_query(rng, n):
    a, b = rng.sample(TABLES, 2)
    return f"""WITH recent_{n} AS (
    SELECT o.user_id, sum(o.total_cents) AS spent, count(*) AS orders
    FROM {a} o
    WHERE o.created_at >= now() - interval '{rng.randrange(1, 90)} days'
      AND o.status IN ('paid', 'shipped', 'delivered')
    GROUP BY o.user_id
    HAVING count(*) > {rng.randrange(1, 10)}
)
SELECT u.id, u.email, r.spent,
       rank() OVER (PARTITION BY u.kind ORDER BY r.spent DESC) AS spend_rank,
       coalesce(p.name, 'unknown') AS top_product
FROM users u
JOIN recent_{n} r ON r.user_id = u.id
LEFT JOIN LATERAL (
    SELECT pr.name FROM {b} oi JOIN products pr ON pr.id = oi.product_id
    WHERE oi.user_id = u.id ORDER BY oi.quantity DESC LIMIT 1
) p ON true
WHERE u.deleted_at IS NULL AND u.email LIKE '{pick(rng, 'abcdefgh')}%'
ORDER BY r.spent DESC, u.id
LIMIT {rng.randrange(10, 500)} OFFSET {rng.randrange(0, 100)};
"""


def dml(rng, n):
    t = pick(rng, TABLES)
    return f"""INSERT INTO {t} (user_id, status, total_cents, created_at)
VALUES ({n}, 'new', {rng.randrange(100, 99999)}, now()), ({n + 1}, 'paid', {rng.randrange(100, 99999)}, now())
ON CONFLICT (user_id) DO UPDATE SET total_cents = excluded.total_cents, updated_at = now();
UPDATE {t} SET status = 'archived', updated_at = now()
WHERE created_at < now() - interval '1 year' AND status <> 'archived' AND id = ANY($1::bigint[]);
DELETE FROM sessions WHERE expires_at < now() - interval '{rng.randrange(1, 30)} days' RETURNING id;
SELECT count(*) FILTER (WHERE status = 'paid') AS paid, avg(total_cents)::numeric(10, 2) AS average
FROM {t} WHERE user_id = $1 AND created_at BETWEEN $2 AND $3;
"""


def routine(rng, n):
    return f"""CREATE OR REPLACE FUNCTION touch_{n}() RETURNS trigger AS $$
BEGIN
    NEW.updated_at := now();
    IF NEW.status = 'cancelled' THEN
        INSERT INTO events (kind, user_id) VALUES ('cancel', NEW.user_id);
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER touch_{n} BEFORE UPDATE ON {pick(rng, TABLES)} FOR EACH ROW EXECUTE FUNCTION touch_{n}();
-- keep the audit trail for {rng.randrange(1, 12)} months
"""


def main():
    out = sys.argv[1]
    total = int(float(sys.argv[2]) * 1024 * 1024) if len(sys.argv) > 2 else 24 * 1024 * 1024
    file_size = int(sys.argv[3]) * 1024 if len(sys.argv) > 3 else 20 * 1024
    rng = random.Random(42)
    makers = [create_table, report_query, report_query, dml, dml, routine]
    os.makedirs(out, exist_ok=True)
    written, n, index = 0, 0, 0
    while written < total:
        parts, size = [], 0
        while size < file_size:
            text = pick(rng, makers)(rng, n)
            n += 1
            parts.append(text)
            size += len(text)
        body = "\n".join(parts)
        with open(os.path.join(out, f"q{index:05}.sql"), "w") as f:
            f.write(body)
        written += len(body)
        index += 1
    print(f"{index} files, {written / 1024 / 1024:.1f} MB in {out}")


if __name__ == "__main__":
    main()
