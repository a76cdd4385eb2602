-- PostgreSQL stops at `WHERE`:
-- expect: syntax-error@16
SELECT id FROM WHERE id = 1 AND;
-- the statement after an error is still checked:
-- expect: delete-without-where@1
DELETE FROM sessions;
-- expect: syntax-error@1
SELEC 1;
-- ok: syntax-error
SELECT 'it''s; fine' AS a, E'back\'slash; too' AS b;
-- ok: syntax-error
CREATE FUNCTION one() RETURNS int AS $$ BEGIN RETURN 1; END; $$ LANGUAGE plpgsql;
-- ok: syntax-error
SELECT $tag$ a; b $tag$ AS body;
-- expect: syntax-error@8
SELECT 'unterminated
