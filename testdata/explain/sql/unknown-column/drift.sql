-- expect: unknown-column@12
SELECT id, state FROM orders WHERE id = 1;

-- expect: unknown-column@22
UPDATE customers SET mail = 'x@example.com' WHERE id = 2;

-- An output alias is a name of the query, not a column.
-- ok: unknown-column
SELECT total * 2 AS doubled FROM orders WHERE id = 3 ORDER BY doubled;

-- ok: unknown-column
SELECT c.name, o.total FROM customers c JOIN orders o ON o.id = c.id WHERE c.id = 1;
