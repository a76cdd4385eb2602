-- Customers who never used a coupon.
SELECT c.id, c.email
FROM customers c
WHERE c.id NOT IN (SELECT customer_id FROM coupons);

-- Customers who were never referred (still active).
SELECT id, email FROM customers WHERE referrer_id = NULL AND deleted_at IS NULL;

-- Big spenders with their orders.
SELECT c.email, o.total_cents
FROM customers c, orders o
WHERE o.total_cents > 100000;

-- Search by e-mail domain.
SELECT id FROM customers WHERE email LIKE '%@example.com';

-- A random customer for the daily prize.
SELECT id, email FROM customers ORDER BY random() LIMIT 1;

-- Everything about one order.
SELECT * FROM orders WHERE id = $1;

-- Clean up abandoned orders.
DELETE FROM orders WHERE status = 'abandoned' AND created_at < now() - interval '30 days';

-- Orders that have a customer (EXISTS reads no columns: SELECT * is fine here).
SELECT o.id FROM orders o WHERE EXISTS (SELECT * FROM customers c WHERE c.id = o.customer_id);
