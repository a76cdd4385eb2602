-- Reads a model whose contract lists its columns: a name it does not list is no column.
with ranked as (
    select
        d.customer_id,
        d.name,
        -- expect: unknown-column
        d.lifetime_value,
        d.lifetime_cents / 100 as lifetime_dollars
    from {{ ref('dim_customers') }} d
)
select customer_id, lifetime_dollars from ranked;

-- A statement that reads one table: a bare name is that table's column.
select
    customer_id,
    lifetime_cents,
    current_date as today
from {{ ref('dim_customers') }}
where customer_id = {{ var('customer_id') }}
  -- expect: unknown-column
  and lifetime > 100;
