{% macro cents_to_dollars(column_name, scale=2) -%}
    ({{ column_name }} / 100)::numeric(16, {{ scale }})
{%- endmacro %}

{% macro broken_on_purpose() %}
    select * from orders where status = null
{% endmacro %}
