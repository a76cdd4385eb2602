-- The shop the explain tests plan against: deterministic data, big tables of 100k+ rows
-- and small ones, some columns indexed and some not. Loaded into a fresh database, then
-- ANALYZEd, by tests/explain.rs.
CREATE TABLE countries (code char(2) PRIMARY KEY, name text NOT NULL);
INSERT INTO countries SELECT 'c' || (i % 10), 'Country ' || i FROM generate_series(0, 9) i;

CREATE TABLE customers (
    id bigint PRIMARY KEY,
    email varchar(200) NOT NULL UNIQUE,
    name text NOT NULL,
    country char(2) NOT NULL REFERENCES countries (code),
    created_at timestamptz NOT NULL
);
INSERT INTO customers
SELECT i, 'user' || i || '@example.com', 'Customer ' || i, 'c' || (i % 10),
       timestamptz '2024-01-01' + i * interval '5 minutes'
FROM generate_series(1, 50000) i;

CREATE TABLE products (
    id bigint PRIMARY KEY,
    sku text NOT NULL UNIQUE,
    category text NOT NULL,
    price numeric(10, 2) NOT NULL
);
INSERT INTO products
SELECT i, 'SKU-' || i, 'category ' || (i % 40), (i % 500) + 0.99
FROM generate_series(1, 5000) i;

-- Indexed: the primary key and status. Not indexed: customer_id, created_at, reference.
CREATE TABLE orders (
    id bigint PRIMARY KEY,
    customer_id bigint NOT NULL REFERENCES customers (id),
    status text NOT NULL,
    region text NOT NULL,
    reference varchar(40) NOT NULL,
    total numeric(12, 2) NOT NULL,
    created_at timestamptz NOT NULL
);
INSERT INTO orders
SELECT i, 1 + (i * 7919) % 50000,
       CASE WHEN i % 100 = 0 THEN 'pending' WHEN i % 10 = 0 THEN 'cancelled' ELSE 'shipped' END,
       'region-' || (i % 5), 'REF-' || lpad(i::text, 8, '0'), (i % 1000) + 0.5,
       timestamptz '2024-01-01' + i * interval '2 minutes'
FROM generate_series(1, 200000) i;
CREATE INDEX orders_status ON orders (status);
CREATE INDEX orders_region ON orders (region);

-- Indexed: order_id. Not indexed: product_id.
CREATE TABLE order_items (
    id bigint PRIMARY KEY,
    order_id bigint NOT NULL REFERENCES orders (id),
    product_id bigint NOT NULL REFERENCES products (id),
    quantity int NOT NULL
);
INSERT INTO order_items
SELECT i, 1 + i % 200000, 1 + (i * 31) % 5000, 1 + i % 5
FROM generate_series(1, 300000) i;
CREATE INDEX order_items_order ON order_items (order_id);

CREATE TABLE audit_log (
    id bigint PRIMARY KEY,
    actor text NOT NULL,
    action text NOT NULL,
    created_at timestamptz NOT NULL
);
INSERT INTO audit_log
SELECT i, 'actor' || (i % 300), CASE WHEN i % 2 = 0 THEN 'login' ELSE 'logout' END,
       timestamptz '2024-01-01' + i * interval '1 minute'
FROM generate_series(1, 120000) i;

CREATE SEQUENCE invoice_numbers;

ANALYZE;
