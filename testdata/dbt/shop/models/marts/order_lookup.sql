-- A model that only reads one order: the lookups say which filters an index serves.
{% raw %}
-- The text of a raw block is SQL as written: {{ not_jinja }}
{% endraw %}
-- expect: select-star
select * from {{ ref('stg_orders') }}
-- expect: missing-index
where status = '{{ var("status", "placed") }}'
union all
-- expect: select-star
select * from {{ ref('stg_orders') }}
-- ok: missing-index
where order_id = {{ var('order_id') }}
