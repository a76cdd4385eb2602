-- fixture: dialect=postgres
CREATE TABLE settings (key text, value text);
-- Judged here; tests/cli.rs lists a table in `small-tables`, which is not:
-- expect: missing-index@34
SELECT value FROM settings WHERE key = 'theme';
