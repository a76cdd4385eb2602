-- expect: order-by-random@32
SELECT id FROM quotes ORDER BY random() LIMIT 1;
-- expect: order-by-random@32
SELECT id FROM quotes ORDER BY RANDOM() DESC;
SELECT id FROM quotes WHERE id IN (
  -- expect: order-by-random@34
  SELECT id FROM quotes ORDER BY random() LIMIT 10
);

-- ok: order-by-random
SELECT id, random() AS r FROM quotes ORDER BY id;
-- ok: order-by-random
SELECT id FROM quotes ORDER BY random_weight DESC;
-- ok: order-by-random
SELECT id FROM quotes TABLESAMPLE SYSTEM (1) LIMIT 1;
-- ok: order-by-random
SELECT id FROM quotes ORDER BY random(42);
