CREATE TABLE users (id bigint PRIMARY KEY, email text UNIQUE, created_at timestamptz, name text);
CREATE INDEX users_lower_name ON users (lower(name));

-- expect: non-sargable-predicate@28
SELECT id FROM users WHERE lower(email) = 'ann@example.com';

-- expect: non-sargable-predicate@30
SELECT id FROM users u WHERE date(u.created_at) = '2024-05-01';

-- expect: non-sargable-predicate@28
SELECT id FROM users WHERE created_at::date = CURRENT_DATE;

-- A cast to text is no date: the help suggests an expression index, not a date range.
-- expect: non-sargable-predicate@33
SELECT id FROM users WHERE CAST(id AS text) = '1';

-- expect: non-sargable-predicate@28
SELECT id FROM users WHERE upper(email)::varchar(40) = 'ANN';

-- Negatives.

-- An expression index serves it (qualified or not):
-- ok: non-sargable-predicate
SELECT id FROM users u WHERE lower(u.name) = 'ann';

-- A function of the value, not of the column:
-- ok: non-sargable-predicate
SELECT id FROM users WHERE email = lower('Ann@Example.com');

-- Not a table of the schema:
-- ok: non-sargable-predicate
SELECT id FROM accounts WHERE lower(email) = 'x';

-- A function of two columns is not one column hidden:
-- ok: non-sargable-predicate
SELECT id FROM users WHERE coalesce(email, name) = 'x';
