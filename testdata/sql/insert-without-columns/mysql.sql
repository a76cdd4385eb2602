-- fixture: dialect=mysql
-- ok: insert-without-columns
INSERT INTO users SET id = 1, email = 'alice@example.com';
-- expect: insert-without-columns@1
REPLACE INTO users VALUES (1, 'alice@example.com');
