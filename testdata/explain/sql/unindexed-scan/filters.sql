-- Plans of testdata/explain/schema.sql's shop. Expected findings next to each query.

-- A customer's orders: customer_id has no index.
-- expect: unindexed-scan@23
SELECT id, total FROM orders WHERE customer_id = $1;

-- Equality first, then the range column.
-- expect: unindexed-scan@16
SELECT id FROM orders WHERE customer_id = 42 AND created_at >= '2024-03-01';

-- A function on the column: the expression index.
-- expect: unindexed-scan@16
SELECT id FROM customers WHERE lower(name) = 'customer 17';

-- varchar compared as text is still the column.
-- expect: unindexed-scan@16
SELECT id FROM orders WHERE reference = 'REF-00000042';

-- An index on other columns fetches a fifth of the table, the filter keeps a few rows.
-- expect: unindexed-scan@16
SELECT id FROM orders WHERE region = 'region-3' AND customer_id = 7;

-- The join key of a few customers' orders.
SELECT c.email, o.total
FROM customers c JOIN orders o ON o.customer_id = c.id -- expect: unindexed-scan@23
WHERE c.id < 4;

-- An UPDATE and a DELETE filter like a SELECT.
-- expect: unindexed-scan@8
UPDATE orders SET status = 'cancelled' WHERE reference = 'REF-00000099';
-- expect: unindexed-scan@13
DELETE FROM order_items WHERE product_id = 12;

-- Served by an index: fine.
-- ok: unindexed-scan
SELECT id, total FROM orders WHERE id = $1;
-- ok: unindexed-scan
SELECT id FROM orders WHERE status = 'pending';
-- ok: unindexed-scan
SELECT o.id FROM orders o JOIN order_items i ON i.order_id = o.id WHERE o.id = 5;
-- ok: unindexed-scan
SELECT id FROM customers WHERE email = 'user5@example.com';

-- Returns most of the table: a scan is the right plan.
-- ok: unindexed-scan
SELECT id FROM orders WHERE status <> 'pending';
-- ok: unindexed-scan
SELECT count(*) FROM orders WHERE created_at > '2024-01-02';

-- A tiny table is read whole cheaply.
-- ok: unindexed-scan
SELECT name FROM countries WHERE name = 'Country 3';

-- Half the rows match: no index would help.
-- ok: unindexed-scan
SELECT count(*) FROM audit_log WHERE action = 'login';

-- An OR over two columns is not served by one index key.
-- ok: unindexed-scan
SELECT id FROM orders WHERE customer_id = 3 OR total = 17.5;

-- A whole-table aggregate reads the table by design.
-- ok: unindexed-scan
SELECT status, count(*) FROM orders GROUP BY status;
