CREATE TABLE tickets (
    id bigint PRIMARY KEY,
    status text,
    closed_at timestamptz,
    external_key text,
    owner_id bigint
);
CREATE INDEX tickets_open ON tickets (owner_id) WHERE closed_at IS NULL;
CREATE INDEX tickets_live ON tickets (status) WHERE status IN ('pending', 'paid');
CREATE INDEX tickets_external ON tickets (external_key) WHERE external_key IS NOT NULL;

-- A partial index serves a query that implies its WHERE: the same condition...
-- ok: missing-index
SELECT id FROM tickets WHERE owner_id = $1 AND closed_at IS NULL;
-- ok: missing-index
SELECT id FROM tickets t WHERE t.status IN ('pending', 'paid') AND t.status = $1;
-- ...or a comparison, which holds of no NULL:
-- ok: missing-index
SELECT id FROM tickets WHERE external_key = $1;

-- A query that does not imply it reads rows the index does not have:
-- expect: missing-index@30
SELECT id FROM tickets WHERE owner_id = $1;
-- expect: missing-index@30
SELECT id FROM tickets WHERE status = $1;
