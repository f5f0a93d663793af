{#- Integer division truncating toward zero, on integer (HUGEINT) operands. DuckDB: `//` stays integer. -#}
{% macro int_div(a, b) -%}
    {{ return(adapter.dispatch('int_div', 'costper')(a, b)) }}
{%- endmacro %}

{% macro default__int_div(a, b) -%}
    cast(trunc(({{ a }}) / ({{ b }})) as {{ type_hugeint() }})
{%- endmacro %}

{% macro duckdb__int_div(a, b) -%}
    (({{ a }}) // ({{ b }}))
{%- endmacro %}
