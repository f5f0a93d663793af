{#-
    JSON object text, or null when the text is not a JSON object (a malformed tag string in a bill must not fail the
    build, and a value read from it must not either): the text itself, so that json_extract_string can read it.
-#}
{% macro json_object_or_null(expr) -%}
    {{ return(adapter.dispatch('json_object_or_null', 'costper')(expr)) }}
{%- endmacro %}
{% macro default__json_object_or_null(expr) -%}
    {{ exceptions.raise_compiler_error(
        "costper.json_object_or_null has no implementation for the " ~ target.type ~ " adapter: add "
        ~ target.type ~ "__json_object_or_null (macros/cross_db/json_object_or_null.sql)") }}
{%- endmacro %}
{% macro duckdb__json_object_or_null(expr) -%}
    case when json_valid({{ expr }}) and json_type({{ expr }}) = 'OBJECT' then {{ expr }} end
{%- endmacro %}
{#- Spark's from_json of a map gives null for text that is not a JSON object -#}
{% macro spark__json_object_or_null(expr) -%}
    case when from_json({{ expr }}, 'map<string,string>') is not null then {{ expr }} end
{%- endmacro %}
