{#- A 128-bit integer type for exact money arithmetic in integer 1e-12 units. -#}
{% macro type_hugeint() -%}
    {{ return(adapter.dispatch('type_hugeint', 'costper')()) }}
{%- endmacro %}

{% macro default__type_hugeint() -%}
    decimal(38,0)
{%- endmacro %}

{% macro duckdb__type_hugeint() -%}
    hugeint
{%- endmacro %}
