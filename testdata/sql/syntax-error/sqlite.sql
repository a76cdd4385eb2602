-- fixture: dialect=sqlite
-- Valid SQLite that sqlparser does not read: SQLite's own parser accepts it.
-- ok: syntax-error
CREATE TABLE pairs (a int, b int, UNIQUE (a, b) ON CONFLICT REPLACE);
-- ok: syntax-error
CREATE TABLE logs (id integer PRIMARY KEY ON CONFLICT IGNORE, line text NOT NULL ON CONFLICT FAIL);
-- SQLite rejects it too: the finding quotes SQLite, where SQLite stops.
-- expect: syntax-error@16
SELECT a FROMM pairs;
-- The statement after is still checked:
-- expect: delete-without-where
DELETE FROM pairs;
