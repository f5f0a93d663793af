{#-
    The text of a JSON object, or null when the text is not one: FOCUS Tags and SkuPriceDetails are JSON in a
    string, and some exports write text that is not JSON there (Azure's Tags without braces), which must not fail the
    build. DuckDB checks with json_valid; Spark's get_json_object is null for text that is not JSON.
-#}
{% macro json_object_or_null(expr) -%}
    {{ return(adapter.dispatch('json_object_or_null', 'costper')(expr)) }}
{%- endmacro %}

{% macro default__json_object_or_null(expr) -%}
    case when json_valid({{ expr }}) and json_type({{ expr }}) = 'OBJECT' then {{ expr }} end
{%- endmacro %}

{% macro spark__json_object_or_null(expr) -%}
    case when substr(trim({{ expr }}), 1, 1) = chr(123) and get_json_object({{ expr }}, '$') is not null then {{ expr }} end
{%- endmacro %}
