{#-
    JSON lists and objects for the gateway and telemetry sources (LiteLLM metadata, Claude Code model_breakdown).
    Each has a duckdb__ and a spark__ version; default__ stops the compile (macros/cross_db/lists.sql says why).
-#}

{#-
    The rows of `relation` with `key_columns`, one row per element of the JSON list `json_expr` (JSON or JSON
    text), the element as JSON text named `element_name`. A whole select statement, like list_elements. A null or
    empty list gives no row.
-#}
{% macro json_list_elements(relation, key_columns, json_expr, element_name) -%}
    {{ return(adapter.dispatch('json_list_elements', 'costper')(relation, key_columns, json_expr, element_name)) }}
{%- endmacro %}
{% macro default__json_list_elements(relation, key_columns, json_expr, element_name) -%}
    {{ _list_macro_missing('json_list_elements') }}
{%- endmacro %}
{% macro duckdb__json_list_elements(relation, key_columns, json_expr, element_name) -%}
    select
        {{ key_columns | join(', ') }},
        cast(unnest(json_extract({{ json_expr }}, '$[*]')) as varchar) as {{ element_name }}
    from {{ relation }}
{%- endmacro %}
{% macro spark__json_list_elements(relation, key_columns, json_expr, element_name) -%}
    select
        {{ key_columns | join(', ') }},
        explode(from_json({{ json_expr }}, 'array<string>')) as {{ element_name }}
    from {{ relation }}
{%- endmacro %}

{#- The JSON value (object, list, text) at a JSONPath of a JSON column or JSON text, as JSON text; null when absent. -#}
{% macro json_extract_json(expr, path) -%}
    {{ return(adapter.dispatch('json_extract_json', 'costper')(expr, path)) }}
{%- endmacro %}
{% macro default__json_extract_json(expr, path) -%}
    json_query({{ expr }}, '{{ path }}')
{%- endmacro %}
{% macro duckdb__json_extract_json(expr, path) -%}
    cast(json_extract({{ expr }}, '{{ path }}') as varchar)
{%- endmacro %}
{% macro spark__json_extract_json(expr, path) -%}
    get_json_object({{ expr }}, '{{ path }}')
{%- endmacro %}

{#-
    A JSON object as text from `pairs`, a list of [key, expression]: null values are left out. Every value is a JSON
    string, a list or object given as JSON text too ('{"request_tags":"[\\"pr:acme/api#1\\"]"}'): FOCUS Tags values are
    strings, Spark's to_json can embed no JSON text, and a tag reader reads the object as text either way, so both
    engines write the same bytes.
-#}
{% macro json_object_text(pairs) -%}
    {{ return(adapter.dispatch('json_object_text', 'costper')(pairs)) }}
{%- endmacro %}
{% macro default__json_object_text(pairs) -%}
    {{ _list_macro_missing('json_object_text') }}
{%- endmacro %}
{% macro duckdb__json_object_text(pairs) -%}
    {#- json_object keeps nulls as null members; a merge patch with {} drops them -#}
    cast(json_merge_patch('{}', json_object(
        {%- for pair in pairs %}
        '{{ pair[0] }}', cast({{ pair[1] }} as varchar){{ ',' if not loop.last }}
        {%- endfor %}
    )) as varchar)
{%- endmacro %}
{% macro spark__json_object_text(pairs) -%}
    to_json(named_struct(
        {%- for pair in pairs %}
        '{{ pair[0] }}', cast({{ pair[1] }} as string){{ ',' if not loop.last }}
        {%- endfor %}
    ))
{%- endmacro %}
