-- The database's own catalogs are read whole on purpose: their columns are the
-- database's, not the application's.
-- ok: select-star
SELECT * FROM pg_catalog.pg_class;
-- ok: select-star
SELECT * FROM pg_stat_activity WHERE state = 'active';
-- ok: select-star
SELECT * FROM information_schema.columns WHERE table_name = 'users';
-- ok: select-star
SELECT * FROM sqlite_master WHERE type = 'table';
-- ok: select-star
SELECT * FROM pg_index i JOIN pg_class c ON c.oid = i.indrelid;
-- A table of the application joined to a catalog: its columns are still read.
-- expect: select-star
SELECT * FROM pg_class c JOIN users u ON u.name = c.relname;
-- expect: select-star
SELECT * FROM reports.columns;
