-- fixture: dialect=oracle
-- Oracle numbers the rows a query returns: `ROWNUM < 2` keeps one row, like `LIMIT 1`,
-- which code runs to read a table's columns from `cursor.description`.
-- ok: select-star
SELECT * FROM users WHERE ROWNUM < 2;
-- ok: select-star
SELECT * FROM users WHERE ROWNUM < 2 AND 1 > 0;
-- ok: select-star
SELECT * FROM users WHERE ROWNUM = 1;
-- ok: select-star
SELECT * FROM users WHERE 1 >= ROWNUM;
-- A bound that keeps more rows, or a ROWNUM under OR, reads more than one row.
-- expect: select-star@8
SELECT * FROM users WHERE ROWNUM < 3;
-- expect: select-star@8
SELECT * FROM users WHERE ROWNUM <= 2;
-- expect: select-star@8
SELECT * FROM users WHERE ROWNUM = 1 OR active = 1;
-- expect: select-star@8
SELECT * FROM users WHERE ROWNUM > 1;
-- expect: select-star@8, select-star@55
SELECT * FROM users WHERE ROWNUM < 2 UNION ALL SELECT * FROM admins WHERE ROWNUM < 2;
