-- The latest rows of a large table, sorted whole for want of an index.

-- expect: unindexed-sort@23
SELECT id, total FROM orders ORDER BY created_at DESC LIMIT 20;

-- Equality filter, then the sort keys.
-- expect: unindexed-sort@28
SELECT id, created_at FROM audit_log WHERE action = 'login' ORDER BY created_at LIMIT 10;

-- The primary key serves the order: fine.
-- ok: unindexed-sort
SELECT id, total FROM orders ORDER BY id DESC LIMIT 20;

-- No LIMIT: every row is returned, a sort is the plan.
-- ok: unindexed-sort
SELECT code, name FROM countries ORDER BY name;

-- A tiny table sorts cheaply.
-- ok: unindexed-sort
SELECT code FROM countries ORDER BY name LIMIT 3;

-- A filter keeping few rows leaves little to sort (the filter is the finding).
-- expect: unindexed-scan@16
SELECT id FROM orders WHERE customer_id = 9 ORDER BY created_at LIMIT 5; -- ok: unindexed-sort
