-- Jinja comments hold suppressions like SQL comments do.
{# sqlhound: ignore[null-comparison] #}
select o.order_id from {{ ref('stg_orders') }} o where o.status = null
union all
select o.order_id from {{ ref('stg_orders') }} o where o.status = null {# noqa: SH205 #}
union all
{#- sqlhound: ignore[SH205] -#}
select o.order_id from {{ ref('stg_orders') }} o where o.placed_at = null
union all
-- expect: null-comparison
select o.order_id from {{ ref('stg_orders') }} o where o.amount_cents = null;

-- A suppression that hides nothing is reported, in a Jinja comment too.
-- expect: unused-suppression
{# sqlhound: ignore[select-star] #}
select o.order_id from {{ ref('stg_orders') }} o where o.status is null;
