{#-
    Types whose names differ between engines. Properties YAML (contracts) cannot call macros, so the same choices are
    repeated there as the vars type_timestamp_tz, type_string_list and type_json of dbt_project.yml, keyed by adapter:
    keep the two in step.
-#}

{#- The JSON type: DuckDB json; JSON text in a string elsewhere (Spark reads DuckDB's JSON Parquet columns so). -#}
{% macro type_json() -%}
    {{ return(adapter.dispatch('type_json', 'costper')()) }}
{%- endmacro %}
{% macro default__type_json() -%}
    {{ dbt.type_string() }}
{%- endmacro %}
{% macro duckdb__type_json() -%}
    json
{%- endmacro %}

{#- A string value at a JSONPath ('$.a.b') of a JSON column (or JSON text); null when absent. default__ is SQL:2016's
    json_value (Trino, BigQuery, Postgres 17). -#}
{% macro json_extract_string(expr, path) -%}
    {{ return(adapter.dispatch('json_extract_string', 'costper')(expr, path)) }}
{%- endmacro %}
{% macro default__json_extract_string(expr, path) -%}
    json_value({{ expr }}, '{{ path }}')
{%- endmacro %}
{% macro duckdb__json_extract_string(expr, path) -%}
    json_extract_string({{ expr }}, '{{ path }}')
{%- endmacro %}
{% macro spark__json_extract_string(expr, path) -%}
    get_json_object({{ expr }}, '{{ path }}')
{%- endmacro %}

{#-
    A 64-bit float, for ratios shown to people that are not money (a share of outcomes). dbt.type_float() is that on
    most engines, but it is the 32-bit FLOAT on DuckDB and Spark.
-#}
{% macro type_double() -%}
    {{ return(adapter.dispatch('type_double', 'costper')()) }}
{%- endmacro %}
{% macro default__type_double() -%}
    {{ dbt.type_float() }}
{%- endmacro %}
{% macro duckdb__type_double() -%}
    double
{%- endmacro %}
{% macro spark__type_double() -%}
    double
{%- endmacro %}
