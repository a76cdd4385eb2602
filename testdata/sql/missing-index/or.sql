CREATE TABLE users (id bigint PRIMARY KEY, email text, name text, org_id bigint, active boolean);
CREATE INDEX users_email ON users (email);
CREATE TABLE orders (id bigint PRIMARY KEY, user_id bigint, note text);
CREATE TABLE memberships (org_id bigint, user_id bigint, role text, PRIMARY KEY (org_id, user_id));

-- An OR narrows the rows only when an index serves every arm: the finding names the arm
-- none serves.
-- expect: missing-index@42
SELECT id FROM users WHERE email = $1 OR name = $2;
-- expect: missing-index@28
SELECT id FROM users WHERE name = $1 OR (email = $2 AND active);
-- expect: missing-index@47
SELECT id FROM users u WHERE u.email = $1 OR (u.name = $2 AND u.org_id = $3);

-- Every arm served (a bitmap OR of two indexes), or an indexed condition beside the OR.
-- ok: missing-index
SELECT id FROM users WHERE email = $1 OR id = $2;
-- ok: missing-index
SELECT id FROM users WHERE (email = $1 OR name = $2) AND id = $3;
-- ok: missing-index
SELECT id FROM users WHERE email IN ($1, $2) OR (id > $3 AND name = $4);
-- An arm that compares no column with a value says nothing about indexes: not judged.
-- ok: missing-index
SELECT id FROM users WHERE name = $1 OR active;
-- Arms on different tables are not one table's OR.
-- ok: missing-index
SELECT u.id FROM users u JOIN orders o ON o.user_id = u.id WHERE u.id = $1 OR o.note = $2;

-- A correlated EXISTS that binds every primary-key column is served by the primary key.
-- ok: missing-index
SELECT o.id FROM orders o WHERE EXISTS (SELECT 1 FROM users u WHERE u.id = o.user_id);
-- ok: missing-index
SELECT u.id FROM users u WHERE EXISTS (SELECT 1 FROM memberships m WHERE m.org_id = u.org_id AND m.user_id = u.id);
