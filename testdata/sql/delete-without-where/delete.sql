-- expect: delete-without-where@1
DELETE FROM sessions;
-- expect: delete-without-where@1
DELETE FROM public.sessions AS s;
-- expect: delete-without-where@15
WITH gone AS (DELETE FROM sessions RETURNING id) SELECT count(id) FROM gone;

-- ok: delete-without-where
DELETE FROM sessions WHERE expires_at < now();
-- ok: delete-without-where
DELETE FROM sessions s USING users u WHERE s.user_id = u.id AND u.disabled;
-- ok: delete-without-where
WITH gone AS (DELETE FROM sessions WHERE expires_at < now() RETURNING id) SELECT count(id) FROM gone;
-- ok: delete-without-where
TRUNCATE sessions;
-- ok: delete-without-where
DELETE FROM sessions WHERE id IN (SELECT id FROM sessions);
