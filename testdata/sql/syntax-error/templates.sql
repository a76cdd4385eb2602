-- A .sql file that is a template for Python code: its driver placeholders and format
-- fields are parameters and holes, as in SQL embedded in Python, and the statements are
-- checked like any other.
-- ok: syntax-error
SELECT pg_cancel_backend(%(pid)s);
-- ok: syntax-error
SELECT id FROM jobs WHERE state = %s AND owner = :owner AND queue = ?;
-- ok: syntax-error
SELECT {duration_column}, id FROM jobs WHERE id = %(id)s;
-- The rules check templates too:
-- expect: delete-without-where
DELETE FROM {table};
-- expect: select-star
SELECT * FROM jobs WHERE id = %(id)s;
-- A marker in a string is text, and a cast is no parameter:
-- ok: syntax-error
SELECT id::text FROM jobs WHERE note = '%s' AND id = %s;
-- A template wrong apart from its markers is still an error, where PostgreSQL stops:
-- expect: syntax-error@16
SELECT id FROM WHERE id = %s;
