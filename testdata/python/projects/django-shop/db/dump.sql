-- The same table as a dump of the database declares it, its key named.
CREATE TABLE invoices (
    id bigint NOT NULL,
    customer_id bigint NOT NULL,
    issued_on date NOT NULL,
    CONSTRAINT invoices_pkey PRIMARY KEY (id)
);

CREATE TABLE payments (
    invoice_id bigint NOT NULL,
    line int NOT NULL,
    amount numeric NOT NULL,
    CONSTRAINT payments_line_key UNIQUE (line, invoice_id)
);
