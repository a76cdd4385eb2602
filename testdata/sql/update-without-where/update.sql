-- expect: update-without-where@1
UPDATE accounts SET balance = 0;
-- expect: update-without-where@1
UPDATE accounts a SET balance = b.balance FROM backups b;
WITH moved AS (
  -- expect: update-without-where@3
  UPDATE accounts SET archived = true RETURNING id
)
SELECT count(id) FROM moved;

-- ok: update-without-where
UPDATE accounts SET balance = 0 WHERE id = $1;
-- ok: update-without-where
UPDATE accounts a SET balance = b.balance FROM backups b WHERE b.id = a.id;
-- ok: update-without-where
UPDATE accounts SET balance = 0 WHERE true;
WITH moved AS (
  -- ok: update-without-where
  UPDATE accounts SET archived = true WHERE closed RETURNING id
)
SELECT count(id) FROM moved;
-- ok: update-without-where
SELECT id FROM accounts;
