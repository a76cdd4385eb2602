-- expect: unknown-suppression
SELECT id FROM users; -- sqlhound: ignore[selct-star]
-- ok: unknown-suppression
SELECT * FROM users; -- sqlhound: ignore[SH201]
