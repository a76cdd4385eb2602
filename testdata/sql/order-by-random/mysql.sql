-- fixture: dialect=mysql
-- expect: order-by-random@32
SELECT id FROM quotes ORDER BY RAND() LIMIT 5;
-- ok: order-by-random
SELECT id FROM quotes ORDER BY rand_score LIMIT 5;
