CREATE TABLE invoices (
    id bigint PRIMARY KEY,
    customer_id bigint NOT NULL,
    issued_on date NOT NULL
);
CREATE INDEX invoices_issued_on ON invoices (issued_on);
