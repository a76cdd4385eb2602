{{ config(materialized='table') }}

select
    c.id as customer_id,
    c.name,
    sum(o.amount_cents) as lifetime_cents
from {{ source('shop', 'customers') }} c
join {{ source('shop', 'orders') }} o on o.customer_id = c.id
group by 1, 2
