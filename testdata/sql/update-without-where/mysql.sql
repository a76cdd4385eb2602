-- fixture: dialect=mysql
-- ok: update-without-where
UPDATE jobs SET claimed_by = 7 ORDER BY id LIMIT 1;
-- expect: update-without-where@1
UPDATE jobs SET claimed_by = NULL;
