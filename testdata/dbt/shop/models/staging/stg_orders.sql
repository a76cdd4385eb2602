{{ config(materialized='view') }}

{# A comment may hold any text: select * from t where x = null #}
select
    id as order_id,
    customer_id,
    status,
    amount_cents,
    placed_at
-- ok: missing-index
from {{ source('shop', 'orders') }}
-- expect: null-comparison
where {{ var('include_test_orders', false) }} or email != null
