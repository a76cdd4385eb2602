{{ config(materialized='incremental', unique_key='order_id') }}

{%- set payment_methods = ['card', 'voucher', 'transfer'] -%}

select
    o.order_id,
    {% for method in payment_methods -%}
    sum(case when p.method = '{{ method }}' then p.amount else 0 end) as {{ method }}_amount,
    {% endfor -%}
    c.name
from {{ ref('stg_orders') }} o, {{ source('shop', 'customers') }} c
left join {{ ref('stg_payments') }} p on p.order_id = o.order_id
where o.customer_id = c.id
{% if is_incremental() %}
-- expect: null-comparison
  and o.status = null
  and o.placed_at > (select max(placed_at) from {{ this }})
{% else %}
-- expect: null-comparison
  and o.placed_at <> null
{% endif %}
group by 1, 2
