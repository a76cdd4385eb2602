-- sqlhound: ignore-file[select-star]
-- ok: select-star
SELECT * FROM users;
-- ok: select-star
SELECT * FROM orders;
