-- expect: implicit-cross-join@39
SELECT u.email, o.total FROM users u, orders o WHERE o.total > 100;
-- expect: implicit-cross-join@46
SELECT users.email, orders.total FROM users, orders;
-- expect: implicit-cross-join@33
SELECT a.x, b.y, c.z FROM a, b, c WHERE a.id = b.a_id;
SELECT u.email
FROM users u,
-- expect: implicit-cross-join@6
     orders o
WHERE u.active AND o.paid;

-- ok: implicit-cross-join
SELECT u.email, o.total FROM users u, orders o WHERE o.user_id = u.id;
-- ok: implicit-cross-join
SELECT u.email, o.total FROM users u JOIN orders o ON o.user_id = u.id;
-- ok: implicit-cross-join
SELECT u.email, s.name FROM users u CROSS JOIN sizes s;
-- ok: implicit-cross-join
SELECT u.email, m.top FROM users u, (SELECT max(total) AS top FROM orders) m;
-- ok: implicit-cross-join
SELECT u.email, e.value FROM users u, jsonb_array_elements(u.tags) e;
-- ok: implicit-cross-join
SELECT u.email, l.n FROM users u, LATERAL (SELECT count(*) AS n FROM orders o WHERE o.user_id = u.id) l;
-- ok: implicit-cross-join
SELECT email, total FROM users, orders WHERE user_id = users_id;
-- ok: implicit-cross-join
SELECT a.x FROM a, b, c WHERE a.id = b.a_id AND c.b_id = b.id;
WITH params AS (SELECT 10 AS lim)
-- ok: implicit-cross-join
SELECT u.email FROM users u, params WHERE u.score > params.lim;
-- ok: implicit-cross-join
SELECT u.email FROM users u, orders o WHERE EXISTS (SELECT 1 FROM links l WHERE l.u = u.id AND l.o = o.id);
-- ok: implicit-cross-join
SELECT a.x FROM a, b JOIN c ON c.b_id = b.id AND c.a_id = a.id;
