-- Macros of the project are checked as the SQL they write, at the call.
select o.order_id, {{ cents_to_dollars('o.amount_cents') }} as amount
from {{ ref('stg_orders') }} o
-- expect: null-comparison
where {{ not_cancelled('o') }}
  -- expect: missing-index
  and {{ placed_since('o.placed_at', days=7) }}
  -- ok: null-comparison
  and {{ maybe_null('o.status') }}
  -- A package's macro, and a call with an argument that is no literal: holes.
  -- ok: null-comparison
  and {{ dbt_utils.not_cancelled('o') }}
  -- ok: null-comparison
  and {{ not_cancelled(var('alias')) }}
