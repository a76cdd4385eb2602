-- Valid PostgreSQL that sqlparser does not read: PostgreSQL's own parser accepts it, so it is
-- no syntax error (each such statement is counted as not analysed by the rules).
-- ok: syntax-error
ALTER TABLE users ALTER COLUMN email TYPE text COLLATE "C";
-- ok: syntax-error
DO $$
BEGIN
  UPDATE users SET active = false WHERE last_seen < now() - interval '1 year';
END
$$;
-- ok: syntax-error
DO LANGUAGE plpgsql $body$ BEGIN PERFORM pg_sleep(0); END $body$;
-- PostgreSQL rejects it too: the finding quotes PostgreSQL, where PostgreSQL stops.
-- expect: syntax-error@10
SELECT * FORM users;
-- The statement after is still checked:
-- expect: delete-without-where
DELETE FROM sessions;
-- A dollar quote that never closes is an error of the lexer, for PostgreSQL too:
-- expect: syntax-error@8
SELECT $body$ never closed;
