{#- Cents (or any 1/100 unit) to whole currency units: multiply, never divide (division gives DOUBLE). -#}
{% macro cents_to_units(expr) -%}
    cast(({{ expr }}) * 0.01 as {{ money_type() }})
{%- endmacro %}
