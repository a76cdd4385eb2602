-- Names that look like missing columns of a model with a contract, and are not.

-- ok: unknown-column
select name as customer_name, lifetime_cents
from {{ ref('dim_customers') }}
-- An output's name used by a later clause (Snowflake, BigQuery, DuckDB accept it).
where customer_name is not null
order by customer_name;

-- A bare name in a subquery may be the outer query's column.
-- ok: unknown-column
select c.id
from {{ source('shop', 'customers') }} c
where exists (
    select 1 from {{ ref('dim_customers') }} d
    where d.customer_id = c.id and email is not null
);

-- A CTE of the same name as the model hides it.
-- ok: unknown-column
with dim_customers as (select 1 as anything)
select dim_customers.anything from dim_customers;

-- A keyword the dialect reads as a function's argument, and a whole row.
-- ok: unknown-column
select date_part(day, d.lifetime_cents), d
from {{ ref('dim_customers') }} d;

-- A model whose columns are listed without a contract: others may exist.
-- ok: unknown-column
select s.customer_id, s.placed_at from {{ ref('stg_orders') }} s;

-- A model without properties: its columns are unknown.
-- ok: unknown-column
select p.anything from {{ ref('stg_payments') }} p;
