-- expect: not-in-subquery@46
SELECT id FROM users WHERE id NOT IN (SELECT user_id FROM bans);
-- expect: not-in-subquery@51
SELECT id FROM users WHERE status NOT IN ('gone', NULL);
SELECT id FROM users
WHERE id NOT IN (
  -- expect: not-in-subquery@10
  SELECT b.user_id FROM bans b WHERE b.active
);
-- expect: not-in-subquery@46
SELECT id FROM users WHERE id NOT IN (SELECT user_id FROM bans UNION SELECT user_id FROM mutes);

-- ok: not-in-subquery
SELECT id FROM users u WHERE NOT EXISTS (SELECT 1 FROM bans b WHERE b.user_id = u.id);
-- ok: not-in-subquery
SELECT id FROM users WHERE id NOT IN (SELECT user_id FROM bans WHERE user_id IS NOT NULL);
-- ok: not-in-subquery
SELECT id FROM users WHERE id NOT IN (SELECT user_id FROM bans WHERE active AND user_id > 0);
-- ok: not-in-subquery
SELECT id FROM users WHERE status NOT IN ('gone', 'banned');
-- ok: not-in-subquery
SELECT id FROM users WHERE id IN (SELECT user_id FROM bans);
-- ok: not-in-subquery
SELECT id FROM users WHERE id NOT IN (SELECT coalesce(user_id, 0) FROM bans);
-- ok: not-in-subquery
SELECT id FROM users WHERE 0 NOT IN (SELECT count(*) FROM bans);
-- ok: not-in-subquery
SELECT id FROM users WHERE id NOT IN ($1, $2, $3);
