{#- The JSON type (DuckDB json; variant / json / string elsewhere). -#}
{% macro type_json() -%}
    {{ return(adapter.dispatch('type_json', 'costper')()) }}
{%- endmacro %}
{% macro default__type_json() -%}
    json
{%- endmacro %}

{#- A string value at a JSONPath ('$.a.b') of a JSON column; null when absent. -#}
{% macro json_extract_string(expr, path) -%}
    {{ return(adapter.dispatch('json_extract_string', 'costper')(expr, path)) }}
{%- endmacro %}
{% macro default__json_extract_string(expr, path) -%}
    json_extract_string({{ expr }}, '{{ path }}')
{%- endmacro %}
