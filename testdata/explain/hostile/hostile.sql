-- Statements whose planning would run the functions of setup.sql. None may be planned.
SELECT leak_write(1);
SELECT id FROM orders WHERE total > stable_write(10);
SELECT id FROM orders WHERE id = kill_victim();
SELECT reload();
SELECT lock_forever();
SELECT 1 @@@ 2;
SELECT sql_write(3);
SELECT * FROM sneaky;
SELECT * FROM sneakier WHERE id = 4;
INSERT INTO defaults_write (id) VALUES (1);
SELECT * FROM guarded;
SELECT "leak_write"(6);
SELECT public.stable_write(8);
SELECT pg_advisory_lock(77);
SELECT pg_advisory_xact_lock(78);
SELECT set_config('default_transaction_read_only', 'off', false);
SELECT pg_notify('channel', 'payload');
SELECT table_to_xml('sneaky', true, false, '');
