-- Only a LIKE that chooses rows can make a scan: in WHERE, HAVING, a join's ON, and in the
-- filters of subqueries, UNION arms, DELETE and UPDATE.
-- expect: leading-wildcard-like@77
SELECT id FROM users u JOIN emails e ON e.user_id = u.id AND e.address LIKE '%@example.com';
-- expect: leading-wildcard-like@65
SELECT team, count(*) FROM users GROUP BY team HAVING team LIKE '%ops';
-- expect: leading-wildcard-like@79
SELECT id FROM orders WHERE user_id IN (SELECT id FROM users WHERE email LIKE '%.invalid');
-- expect: leading-wildcard-like@57
SELECT (SELECT count(*) FROM orders o WHERE o.note LIKE '%gift%') AS gifts FROM users;
-- expect: leading-wildcard-like@84
SELECT id FROM users WHERE active UNION ALL SELECT id FROM admins WHERE email LIKE '%x';
-- expect: leading-wildcard-like@36
DELETE FROM users WHERE email LIKE '%.invalid';
-- expect: leading-wildcard-like@50
UPDATE users SET active = false WHERE email LIKE '%.invalid';
-- A catalog joined with an application table still scans the application table.
-- expect: leading-wildcard-like@86
SELECT t.name FROM sqlite_master m JOIN tags t ON t.name = m.name WHERE t.label LIKE '%x';

-- In the select list, LIKE tests rows already chosen.
-- ok: leading-wildcard-like
SELECT id, CASE WHEN email LIKE '%@example.com' THEN 'test' ELSE 'real' END FROM users WHERE id = $1;
-- ok: leading-wildcard-like
SELECT version() LIKE '%MariaDB%';
-- The database's own catalogs are small and read whole on purpose.
-- ok: leading-wildcard-like
SELECT name FROM sqlite_master WHERE type = 'table' AND sql LIKE '%VIRTUAL TABLE%';
-- ok: leading-wildcard-like
SELECT column_name FROM information_schema.columns WHERE data_type LIKE '%int%';
-- ok: leading-wildcard-like
SELECT c.relname FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace WHERE c.relname LIKE '%_tmp';
-- A statement inside another is judged once.
-- expect: leading-wildcard-like@47
EXPLAIN SELECT id FROM users WHERE email LIKE '%x';
