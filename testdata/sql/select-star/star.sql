-- expect: select-star@8
SELECT * FROM users WHERE id = $1;
-- expect: select-star@8
SELECT u.*, o.total FROM users u JOIN orders o ON o.user_id = u.id;
-- expect: select-star@36
CREATE VIEW active_users AS SELECT * FROM users WHERE active;
-- expect: select-star@46
INSERT INTO users_archive (id, email) SELECT * FROM users;
WITH recent AS (
  -- ok: select-star
  SELECT * FROM orders WHERE created_at > now() - interval '1 day'
)
-- expect: select-star@8
SELECT * FROM recent;
-- expect: select-star@8
SELECT * FROM users UNION ALL SELECT id, email FROM admins;

-- ok: select-star
SELECT id FROM users u WHERE EXISTS (SELECT * FROM orders o WHERE o.user_id = u.id);
-- ok: select-star
SELECT id FROM users u WHERE NOT EXISTS (SELECT * FROM bans b WHERE b.user_id = u.id);
-- ok: select-star
SELECT count(*) FROM users;
-- ok: select-star
SELECT * FROM (SELECT id, email FROM users) AS recent;
-- ok: select-star
SELECT t.a, t.b FROM (SELECT * FROM geometry_columns UNION ALL SELECT * FROM geography_columns) AS t;
WITH totals AS (SELECT user_id, sum(total) AS total FROM orders GROUP BY user_id)
-- ok: select-star
SELECT * FROM totals;
-- ok: select-star
SELECT * FROM generate_series(1, 10) AS g(n);
-- ok: select-star
SELECT * FROM unnest(ARRAY[1, 2, 3]);
-- ok: select-star
SELECT 1 AS one;
-- expect: select-star@8
SELECT * FROM users LIMIT 10;
-- expect: select-star@8
SELECT * FROM users LIMIT $1;
-- ok: select-star
SELECT * FROM users LIMIT 1;
-- ok: select-star
SELECT * FROM users WHERE false LIMIT 0;
-- ok: select-star
SELECT * FROM users FETCH FIRST 1 ROW ONLY;
-- ok: select-star
CREATE TABLE users_copy AS SELECT * FROM users;
-- expect: select-star@69
CREATE TABLE recent_ids AS SELECT id FROM users WHERE id IN (SELECT * FROM recent_orders);
