{#- Text as money, null where it is not a number (a quarantined row's amount may be anything): DuckDB's and
    Spark's try_cast; elsewhere dbt's safe_cast. -#}
{% macro try_money(expr) -%}
    {{ return(adapter.dispatch('try_money', 'costper')(expr)) }}
{%- endmacro %}
{% macro default__try_money(expr) -%}
    {{ dbt.safe_cast(expr, money_type()) }}
{%- endmacro %}
{% macro duckdb__try_money(expr) -%}
    try_cast({{ expr }} as {{ money_type() }})
{%- endmacro %}
{% macro spark__try_money(expr) -%}
    try_cast({{ expr }} as {{ money_type() }})
{%- endmacro %}
