-- expect: unknown-suppression@43
SELECT id FROM users; -- sqlhound: ignore[selct-star]
-- ok: unknown-suppression
SELECT * FROM users; -- sqlhound: ignore[SH201]
