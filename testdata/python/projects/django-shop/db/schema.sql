CREATE TABLE invoices (
    id bigint PRIMARY KEY,
    customer_id bigint NOT NULL,
    issued_on date NOT NULL
);
CREATE INDEX invoices_issued_on ON invoices (issued_on);

CREATE TABLE payments (
    invoice_id bigint NOT NULL,
    line int NOT NULL,
    amount numeric NOT NULL,
    UNIQUE (invoice_id, line)
);
