CREATE TABLE customers (
    id bigint PRIMARY KEY,
    email text NOT NULL UNIQUE,
    country text,
    created_at timestamptz
);
CREATE TABLE orders (
    id bigint GENERATED ALWAYS AS IDENTITY,
    customer_id bigint REFERENCES customers (id),
    status text,
    total numeric,
    placed_at timestamptz,
    CONSTRAINT orders_pk PRIMARY KEY (id)
);
CREATE INDEX orders_status_placed ON orders (status, placed_at);
CREATE INDEX orders_open ON orders (customer_id) WHERE status = 'open';
CREATE TABLE countries (code text PRIMARY KEY, name text);
CREATE TABLE events (id bigint, kind text, at timestamptz);
CREATE INDEX events_kind ON events (kind);
DROP INDEX events_kind;

-- A foreign key creates no index, and a partial index serves only its own WHERE:
-- expect: missing-index@36
SELECT id, total FROM orders WHERE customer_id = $1;

-- Aliases are resolved; equality first, then the range column, in the suggestion; one
-- finding per table:
-- expect: missing-index@74, missing-index@92
SELECT o.id FROM orders o JOIN customers c ON c.id = o.customer_id WHERE o.total > 100 AND c.country IN ('NZ', 'AU');

-- expect: missing-index@35
SELECT count(*) FROM events WHERE kind = 'login' AND at BETWEEN $1 AND $2;

-- The dropped index is gone:
-- expect: missing-index@29
SELECT id FROM events WHERE kind = 'signup';

-- Negatives.

-- ok: missing-index
SELECT id FROM customers WHERE email = $1;

-- The leading column of a multi-column index:
-- ok: missing-index
SELECT id FROM orders WHERE status = 'paid' AND total > 10;

-- One usable index is enough: the primary key finds the row.
-- ok: missing-index
SELECT status FROM orders WHERE id = 7 AND total > 3;

-- A table that is not in the schema is not judged:
-- ok: missing-index
SELECT id FROM invoices WHERE number = 'A-1';

-- The foreign key without an index: one customer's orders are found by reading them all.
-- expect: missing-index@59
SELECT c.email, o.total FROM customers c JOIN orders o ON o.customer_id = c.id WHERE c.id = 5;

-- The same join the other way round: each order's customer is found by its primary key.
-- ok: missing-index
SELECT c.email FROM orders o JOIN customers c ON c.id = o.customer_id WHERE o.id = 5;

-- Joining whole tables (a report) reads them whole anyway: no single index helps.
-- ok: missing-index
SELECT c.country, sum(o.total) FROM customers c JOIN orders o ON o.customer_id = c.id GROUP BY c.country;

-- A range on the other side picks many rows: not judged.
-- ok: missing-index
SELECT o.id FROM customers c JOIN orders o ON o.customer_id = c.id WHERE c.id > $1;

-- The joined table's own filter is served by an index: judged on that.
-- ok: missing-index
SELECT o.id FROM customers c JOIN orders o ON o.customer_id = c.id WHERE c.email = $1 AND o.status = 'open';

-- Columns of a derived table are not a table's:
-- ok: missing-index
SELECT x.total FROM (SELECT total FROM orders WHERE status = 'paid') x WHERE x.total > 5;

-- Unqualified columns with two tables in FROM are ambiguous: not judged.
-- ok: missing-index
SELECT o.id FROM orders o, customers c WHERE o.customer_id = c.id AND country = 'NZ';

-- NULL tests and NOT IN are not index lookups:
-- ok: missing-index
SELECT id FROM events WHERE at IS NULL;

-- UPDATE and DELETE find their rows through the same indexes:
-- expect: missing-index@41
UPDATE orders SET status = 'late' WHERE placed_at < now() - interval '30 days';

-- expect: missing-index@26
DELETE FROM events WHERE at < $1;

-- ok: missing-index
UPDATE orders SET status = 'paid' WHERE id = $1;

-- A subquery inside an UPDATE is a SELECT of its own:
-- expect: missing-index@87
UPDATE customers SET country = 'NZ' WHERE id IN (SELECT customer_id FROM orders WHERE total > 1000);
