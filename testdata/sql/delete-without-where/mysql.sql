-- fixture: dialect=mysql
-- ok: delete-without-where
DELETE FROM queue ORDER BY id LIMIT 100;
-- expect: delete-without-where@1
DELETE FROM queue;
