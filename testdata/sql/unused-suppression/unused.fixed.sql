-- expect: unused-suppression@43
SELECT id FROM users;
-- ok: unused-suppression
SELECT * FROM users; -- sqlhound: ignore[select-star]
-- sqlhound: ignore[select-star, null-comparison]
-- ok: unused-suppression
SELECT * FROM users WHERE a = NULL;
-- a suppression above a statement covers the line below it:
-- sqlhound: ignore[delete-without-where]
-- ok: unused-suppression
DELETE FROM sessions;
/* sqlhound: ignore[update-without-where] */ UPDATE t SET a = 1;
