-- What planning may run that the user wrote (src/explain/trust.rs): $1 the trusted
-- extensions, $2 the functions the user trusts (`name` or `schema.name`). Each row is
-- (kind, name, why): `direct` a function or foreign table named so, `name` a function,
-- relation or type that leads to one, `operator` an operator backed by one, `everything`
-- an implicit cast between built-in types backed by one.
WITH RECURSIVE
fn AS (
    SELECT p.oid, p.proname::text AS name,
           format('`%s.%s` (%s)', n.nspname, p.proname,
                  CASE p.provolatile WHEN 'i' THEN 'IMMUTABLE' WHEN 's' THEN 'STABLE'
                       ELSE 'VOLATILE, SQL: inlined by the planner' END) AS label,
           p.provolatile IN ('i', 's') OR l.lanname = 'sql' AS folded
    FROM pg_proc p
    JOIN pg_namespace n ON n.oid = p.pronamespace
    JOIN pg_language l ON l.oid = p.prolang
    WHERE n.nspname NOT IN ('pg_catalog', 'information_schema')
      AND NOT EXISTS (
          SELECT 1 FROM pg_depend d JOIN pg_extension e ON e.oid = d.refobjid
          WHERE d.classid = 'pg_proc'::regclass AND d.objid = p.oid
            AND d.refclassid = 'pg_extension'::regclass AND d.deptype = 'e'
            AND e.extname = ANY($1::text[]))
      AND NOT (p.proname = ANY($2::text[]) OR n.nspname || '.' || p.proname = ANY($2::text[]))
),
edge(classid, objid, refclassid, refobjid) AS (
    SELECT classid, objid, refclassid, refobjid FROM pg_depend
    WHERE deptype IN ('n', 'a', 'i') AND classid <> 'pg_trigger'::regclass
    UNION ALL SELECT 'pg_class'::regclass, ev_class, 'pg_rewrite'::regclass, oid FROM pg_rewrite
    UNION ALL SELECT 'pg_class'::regclass, adrelid, 'pg_attrdef'::regclass, oid FROM pg_attrdef
    UNION ALL SELECT 'pg_class'::regclass, polrelid, 'pg_policy'::regclass, oid FROM pg_policy
    UNION ALL SELECT 'pg_class'::regclass, stxrelid, 'pg_statistic_ext'::regclass, oid FROM pg_statistic_ext
    UNION ALL SELECT 'pg_class'::regclass, conrelid, 'pg_constraint'::regclass, oid FROM pg_constraint WHERE conrelid <> 0
    UNION ALL SELECT 'pg_type'::regclass, contypid, 'pg_constraint'::regclass, oid FROM pg_constraint WHERE contypid <> 0
    UNION ALL SELECT 'pg_class'::regclass, indrelid, 'pg_class'::regclass, indexrelid FROM pg_index
    UNION ALL SELECT 'pg_type'::regclass, castsource, 'pg_cast'::regclass, oid FROM pg_cast
    UNION ALL SELECT 'pg_type'::regclass, casttarget, 'pg_cast'::regclass, oid FROM pg_cast
),
tainted(classid, objid, seed, label) AS (
    SELECT 'pg_proc'::regclass, oid, oid, label FROM fn WHERE folded
    UNION
    SELECT d.classid, d.objid, fn.oid, fn.label FROM pg_depend d JOIN fn ON d.refobjid = fn.oid
    WHERE d.refclassid = 'pg_proc'::regclass AND NOT fn.folded
      AND d.classid IN ('pg_type'::regclass, 'pg_operator'::regclass, 'pg_proc'::regclass)
    UNION
    SELECT 'pg_class'::regclass, c.oid, c.oid,
           format('`%s.%s` (a foreign table: planning it may ask another server)', n.nspname, c.relname)
    FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.relkind = 'f'
    UNION
    SELECT e.classid, e.objid, t.seed, t.label FROM edge e
    JOIN tainted t ON e.refclassid = t.classid AND e.refobjid = t.objid
)
SELECT CASE WHEN t.seed = t.objid THEN 'direct' ELSE 'name' END, p.proname::text, t.label
    FROM tainted t JOIN pg_proc p ON t.classid = 'pg_proc'::regclass AND p.oid = t.objid
UNION SELECT CASE WHEN t.seed = t.objid THEN 'direct' ELSE 'name' END, c.relname::text, t.label FROM tainted t JOIN pg_class c ON t.classid = 'pg_class'::regclass AND c.oid = t.objid
    WHERE c.relkind IN ('r', 'v', 'm', 'p', 'f')
UNION SELECT 'name', y.typname::text, t.label FROM tainted t JOIN pg_type y ON t.classid = 'pg_type'::regclass AND y.oid = t.objid
UNION SELECT 'operator', o.oprname::text, t.label FROM tainted t JOIN pg_operator o ON t.classid = 'pg_operator'::regclass AND o.oid = t.objid
UNION SELECT 'everything', format('%s -> %s', c.castsource::regtype, c.casttarget::regtype), t.label
    FROM tainted t JOIN pg_cast c ON t.classid = 'pg_cast'::regclass AND c.oid = t.objid
    JOIN pg_type s ON s.oid = c.castsource JOIN pg_type g ON g.oid = c.casttarget
    WHERE c.castcontext IN ('i', 'a')
      AND s.typnamespace = 'pg_catalog'::regnamespace AND g.typnamespace = 'pg_catalog'::regnamespace
