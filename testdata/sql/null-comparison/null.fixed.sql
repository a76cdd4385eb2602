-- expect: null-comparison@28
SELECT id FROM users WHERE deleted_at IS NULL;
-- expect: null-comparison@28
SELECT id FROM users WHERE manager_id IS NOT NULL;
-- expect: null-comparison@28
SELECT id FROM users WHERE manager_id IS NOT NULL AND active;
-- expect: null-comparison@37
UPDATE users SET flag = true WHERE (deleted_at IS NULL);
-- expect: null-comparison@30
SELECT id FROM users WHERE manager_id IS NOT NULL OR active;
-- expect: null-comparison@25
SELECT CASE status WHEN NULL THEN 'unknown' ELSE status END FROM users;
SELECT id
FROM users
-- expect: null-comparison@7
WHERE email IS NULL;

-- ok: null-comparison
SELECT id FROM users WHERE deleted_at IS NULL;
-- ok: null-comparison
SELECT id FROM users WHERE manager_id IS NOT NULL;
-- ok: null-comparison
UPDATE users SET deleted_at = NULL WHERE id = $1;
-- ok: null-comparison
SELECT id FROM users WHERE manager_id IS DISTINCT FROM $1;
-- ok: null-comparison
SELECT CASE WHEN status IS NULL THEN 'unknown' ELSE status END FROM users;
-- ok: null-comparison
SELECT NULL AS nothing, id FROM users;
-- ok: null-comparison
INSERT INTO users (id, manager_id) VALUES (1, NULL);
