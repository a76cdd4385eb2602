-- expect: leading-wildcard-like@39
SELECT id FROM users WHERE email LIKE '%@example.com';
-- expect: leading-wildcard-like@39
SELECT id FROM users WHERE name ILIKE '%smith%';
-- expect: leading-wildcard-like@38
SELECT id FROM users WHERE code LIKE '_123';
-- expect: leading-wildcard-like@43
SELECT id FROM users WHERE email NOT LIKE '%.invalid';
-- expect: leading-wildcard-like@42
SELECT id FROM products WHERE name ILIKE '%' || $1 || '%';
-- expect: leading-wildcard-like@41
SELECT id FROM products WHERE name LIKE CONCAT('%', $1);
SELECT id FROM products
-- expect: leading-wildcard-like@41
WHERE category = 'books' AND title LIKE '%rust%';

-- ok: leading-wildcard-like
SELECT id FROM users WHERE email LIKE 'alice%';
-- ok: leading-wildcard-like
SELECT id FROM users WHERE email LIKE $1;
-- ok: leading-wildcard-like
SELECT id FROM users WHERE email LIKE '\%literal percent';
-- ok: leading-wildcard-like
SELECT id FROM users WHERE email LIKE '!%x' ESCAPE '!';
-- ok: leading-wildcard-like
SELECT id FROM users WHERE email LIKE '%';
-- ok: leading-wildcard-like
SELECT id FROM products WHERE name LIKE $1 || '%';
-- ok: leading-wildcard-like
SELECT '%abc' AS pattern FROM users;
