-- Statements that would change the shop if they ran. The explain pass plans the data
-- changes with plain EXPLAIN (which runs nothing) and skips the rest; tests/explain.rs
-- proves every table, sequence and the catalog are the same afterwards.
INSERT INTO countries (code, name) VALUES ('zz', 'Nowhere');
INSERT INTO orders SELECT id + 1000000, customer_id, status, region, reference, total, created_at FROM orders;
UPDATE orders SET status = 'cancelled' WHERE customer_id = 3;
UPDATE customers SET email = 'x';
DELETE FROM order_items WHERE product_id = 12;
DELETE FROM audit_log;
WITH gone AS (DELETE FROM orders WHERE id < 100 RETURNING id) SELECT count(*) FROM gone;
INSERT INTO countries VALUES ('yy', 'Elsewhere') ON CONFLICT (code) DO UPDATE SET name = 'Changed';
SELECT nextval('invoice_numbers');
SELECT setval('invoice_numbers', 500);
SELECT id INTO orders_copy FROM orders;
CREATE TABLE orders_backup AS SELECT * FROM orders;
TRUNCATE order_items;
DROP TABLE audit_log;
DROP INDEX orders_status;
ALTER TABLE orders ADD COLUMN note text;
CREATE INDEX orders_customer ON orders (customer_id);
VACUUM orders;
COPY countries FROM '/dev/null';
GRANT SELECT ON orders TO PUBLIC;
SET default_transaction_read_only = off;
COMMIT;
SELECT 1; DROP TABLE customers CASCADE;
