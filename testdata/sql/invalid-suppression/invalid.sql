-- expect: invalid-suppression@36
SELECT id FROM users; -- sqlhound: ignore
-- expect: invalid-suppression@36
SELECT id FROM users; -- sqlhound: ignore[]
-- expect: invalid-suppression@14
/* sqlhound: disable[select-star] */ SELECT id FROM users;
-- expect: invalid-suppression@35, select-star@8
SELECT * FROM users; -- sqlhound: ignore select-star
-- ok: invalid-suppression
SELECT * FROM users; -- sqlhound: ignore[select-star]
