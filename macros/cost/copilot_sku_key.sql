{#- One spelling of a GitHub SKU for matching across reports ("Copilot Premium Request", "copilot_premium_request"):
    lower case, spaces as underscores. -#}
{% macro copilot_sku_key(expr) -%}
    replace(lower(trim({{ expr }})), ' ', '_')
{%- endmacro %}
