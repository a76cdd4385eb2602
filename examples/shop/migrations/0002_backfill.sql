-- Every existing order predates the status column's new values.
UPDATE orders SET status = 'legacy';

INSERT INTO coupons VALUES ('WELCOME', NULL, 10);
