-- fixture: dialect=sqlite
-- A SQLite dump declares its catalog tables too; SQLite indexes them itself.
CREATE TABLE sqlite_sequence(name, seq);
CREATE TABLE jobs (id integer PRIMARY KEY, name text);
-- ok: missing-index
SELECT seq FROM sqlite_sequence WHERE name = 'jobs';
-- expect: missing-index
SELECT id FROM jobs WHERE name = 'nightly';
