-- expect: invalid-suppression
SELECT id FROM users; -- sqlhound: ignore
-- expect: invalid-suppression
SELECT id FROM users; -- sqlhound: ignore[]
-- expect: invalid-suppression
/* sqlhound: disable[select-star] */ SELECT id FROM users;
-- expect: invalid-suppression, select-star
SELECT * FROM users; -- sqlhound: ignore select-star
-- ok: invalid-suppression
SELECT * FROM users; -- sqlhound: ignore[select-star]
