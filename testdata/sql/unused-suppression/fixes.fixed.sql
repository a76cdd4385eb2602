-- `--fix` takes back what a suppression no longer silences, and nothing else.
-- expect: unused-suppression@58
SELECT id FROM users WHERE a = NULL; -- sqlhound: ignore[null-comparison]
-- Other tools' codes stay in a `noqa` list.
-- expect: unused-suppression@32
SELECT id FROM users; -- noqa: E501
-- Two unused codes are one finding; the reason after them stays.
-- expect: unused-suppression@32
SELECT id FROM users; -- kept for the audit
-- expect: unused-suppression@21
UPDATE t SET a = 1 WHERE id = 2;
-- An unknown name is left for its own finding to explain.
-- expect: unknown-suppression@56, unused-suppression@43
SELECT id FROM users; -- sqlhound: ignore[no-such-rule]
