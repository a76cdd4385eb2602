-- expect: insert-without-columns@1
INSERT INTO users VALUES (1, 'alice@example.com', now());
-- expect: insert-without-columns@1
INSERT INTO users_archive SELECT id, email, created_at FROM users;
-- expect: insert-without-columns@1
INSERT INTO audit.events VALUES (DEFAULT, 'login');

-- ok: insert-without-columns
INSERT INTO users (id, email, created_at) VALUES (1, 'alice@example.com', now());
-- ok: insert-without-columns
INSERT INTO users DEFAULT VALUES;
-- ok: insert-without-columns
INSERT INTO users_archive (id, email) SELECT id, email FROM users;
-- ok: insert-without-columns
INSERT INTO users (id, email) VALUES (1, 'a') ON CONFLICT (id) DO UPDATE SET email = excluded.email;
