-- The code's queries and the database schema disagree.

-- expect: unknown-table@16
SELECT id FROM order_lines WHERE order_id = $1;

-- expect: unknown-table@13
INSERT INTO customer (id, email) VALUES (1, 'a@example.com');

-- A table of another schema, qualified: fine.
-- ok: unknown-table
SELECT count(*) FROM pg_catalog.pg_class;

-- A CTE is not a table of the database.
-- ok: unknown-table
WITH recent AS (SELECT id FROM orders WHERE id > 199990) SELECT id FROM recent;

-- DDL is not planned, so a table it creates is not judged.
-- ok: unknown-table
CREATE TABLE staging_orders (id bigint);
