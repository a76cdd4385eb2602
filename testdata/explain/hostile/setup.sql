-- A database whose functions do harm when the planner folds them (tests/explain.rs).
-- Each first records that it ran, through dblink, in a transaction of its own that the
-- explain pass's ROLLBACK cannot undo. `{dblink}` is the connection string back here.
CREATE EXTENSION dblink;
CREATE TABLE ran (what text);
CREATE TABLE orders (id bigint PRIMARY KEY, total numeric);
CREATE FUNCTION mark(what text) RETURNS void VOLATILE LANGUAGE plpgsql AS $$
BEGIN
  PERFORM dblink_exec('{dblink}', format('INSERT INTO ran VALUES (%L)', what));
END $$;
CREATE FUNCTION leak_write(int) RETURNS int IMMUTABLE LANGUAGE plpgsql AS $$
BEGIN PERFORM mark('leak_write'); RETURN $1; END $$;
CREATE FUNCTION stable_write(int) RETURNS int STABLE LANGUAGE plpgsql AS $$
BEGIN PERFORM mark('stable_write'); RETURN $1; END $$;
CREATE FUNCTION kill_victim() RETURNS int STABLE LANGUAGE plpgsql AS $$
BEGIN
  PERFORM mark('kill_victim');
  PERFORM pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'victim';
  RETURN 1;
END $$;
CREATE FUNCTION reload() RETURNS int IMMUTABLE LANGUAGE plpgsql AS $$
BEGIN PERFORM mark('reload'); PERFORM pg_reload_conf(); RETURN 1; END $$;
CREATE FUNCTION lock_forever() RETURNS int IMMUTABLE LANGUAGE plpgsql AS $$
BEGIN PERFORM mark('lock_forever'); PERFORM pg_advisory_lock(4242); RETURN 1; END $$;
CREATE FUNCTION op_write(int, int) RETURNS bool IMMUTABLE LANGUAGE plpgsql AS $$
BEGIN PERFORM mark('op_write'); RETURN true; END $$;
CREATE OPERATOR @@@ (leftarg = int, rightarg = int, function = op_write);
CREATE FUNCTION sql_write(int) RETURNS int VOLATILE LANGUAGE sql AS $$ SELECT leak_write($1) $$;
CREATE VIEW sneaky AS SELECT id, stable_write(7) AS seven FROM orders;
CREATE VIEW sneakier AS SELECT * FROM sneaky;
CREATE TABLE defaults_write (id int, v int DEFAULT leak_write(2));
CREATE TABLE guarded (id int);
ALTER TABLE guarded ENABLE ROW LEVEL SECURITY;
ALTER TABLE guarded FORCE ROW LEVEL SECURITY;
CREATE POLICY guard ON guarded USING (id > stable_write(3));
CREATE FUNCTION harmless(int) RETURNS int IMMUTABLE LANGUAGE plpgsql AS $$
BEGIN RETURN $1 + 1; END $$;
