{#- The one money type: DECIMAL(38,12) (26 integer digits, 12 decimals). Never DOUBLE. -#}
{% macro money_type() -%}
    {{ return(adapter.dispatch('money_type', 'costper')()) }}
{%- endmacro %}

{% macro default__money_type() -%}
    decimal(38,12)
{%- endmacro %}
