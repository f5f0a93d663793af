{#- Lists (arrays of strings). DuckDB has native lists; other engines need their own variants. -#}

{#- A list of the given SQL expressions with the nulls left out, in the given order. -#}
{% macro list_compact(exprs) -%}
    {{ return(adapter.dispatch('list_compact', 'costper')(exprs)) }}
{%- endmacro %}
{% macro default__list_compact(exprs) -%}
    list_filter([{{ exprs | join(', ') }}], lambda x: x is not null)
{%- endmacro %}

{#- An empty list of strings, typed. -#}
{% macro empty_string_list() -%}
    {{ return(adapter.dispatch('empty_string_list', 'costper')()) }}
{%- endmacro %}
{% macro default__empty_string_list() -%}
    cast([] as {{ dbt.type_string() }}[])
{%- endmacro %}

{#- The type of a list of strings. -#}
{% macro type_string_list() -%}
    {{ return(adapter.dispatch('type_string_list', 'costper')()) }}
{%- endmacro %}
{% macro default__type_string_list() -%}
    varchar[]
{%- endmacro %}

{#- Aggregate distinct non-null strings into a sorted list; an empty list when there are none. -#}
{% macro string_list_agg(expr) -%}
    {{ return(adapter.dispatch('string_list_agg', 'costper')(expr)) }}
{%- endmacro %}
{% macro default__string_list_agg(expr) -%}
    {#- a distinct aggregate, not a list of every row deduplicated after: 4x faster on the ledger -#}
    coalesce(
        array_agg(distinct {{ expr }} order by {{ expr }}) filter (where {{ expr }} is not null),
        {{ empty_string_list() }}
    )
{%- endmacro %}

{#- One row per element of a list (use in a select list; the row is repeated per element). -#}
{% macro unnest_list(expr) -%}
    {{ return(adapter.dispatch('unnest_list', 'costper')(expr)) }}
{%- endmacro %}
{% macro default__unnest_list(expr) -%}
    unnest({{ expr }})
{%- endmacro %}

{#- True when the list contains the value. -#}
{% macro list_has(list_expr, value) -%}
    {{ return(adapter.dispatch('list_has', 'costper')(list_expr, value)) }}
{%- endmacro %}
{% macro default__list_has(list_expr, value) -%}
    coalesce(list_contains({{ list_expr }}, {{ value }}), false)
{%- endmacro %}

{#- Concatenate two lists. -#}
{% macro list_concat(a, b) -%}
    {{ return(adapter.dispatch('list_concat', 'costper')(a, b)) }}
{%- endmacro %}
{% macro default__list_concat(a, b) -%}
    list_concat({{ a }}, {{ b }})
{%- endmacro %}

{#- Number of elements of a list. -#}
{% macro list_length(expr) -%}
    {{ return(adapter.dispatch('list_length', 'costper')(expr)) }}
{%- endmacro %}
{% macro default__list_length(expr) -%}
    len({{ expr }})
{%- endmacro %}

{#- A list of strings from SQL expressions (nulls kept). -#}
{% macro string_list(exprs) -%}
    {{ return(adapter.dispatch('string_list', 'costper')(exprs)) }}
{%- endmacro %}
{% macro default__string_list(exprs) -%}
    cast([{{ exprs | join(', ') }}] as {{ type_string_list() }})
{%- endmacro %}
