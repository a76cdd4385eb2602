{# Filters the marts share: calls with literal arguments are checked as the SQL they write. #}
{% macro not_cancelled(alias) -%}
    {{ alias }}.cancelled_at = null
{%- endmacro %}

{% macro placed_since(column, days=30) -%}
    {{ column }} > current_date - {{ days }}
{%- endmacro %}

{# Not expanded: a block decides what it writes. #}
{% macro maybe_null(column) -%}
    {% if target.name == 'dev' %}{{ column }} = null{% else %}true{% endif %}
{%- endmacro %}
