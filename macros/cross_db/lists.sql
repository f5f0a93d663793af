{#-
    Lists (arrays of strings). No SQL standard covers building, searching or flattening them, so every macro here
    has a duckdb__ and a spark__ version and a default__ that stops the compile with the macro's name: an engine
    added later (trino__, snowflake__, bigquery__) must say how, rather than run DuckDB's syntax by accident.
-#}

{% macro _list_macro_missing(name) -%}
    {{ exceptions.raise_compiler_error(
        "costper." ~ name ~ " has no implementation for the " ~ target.type ~ " adapter: add "
        ~ target.type ~ "__" ~ name ~ " (macros/cross_db/lists.sql shows the duckdb__ and spark__ ones)") }}
{%- endmacro %}

{#- A list of the given SQL expressions with the nulls left out, in the given order. -#}
{% macro list_compact(exprs) -%}
    {{ return(adapter.dispatch('list_compact', 'costper')(exprs)) }}
{%- endmacro %}
{% macro default__list_compact(exprs) -%}
    {{ _list_macro_missing('list_compact') }}
{%- endmacro %}
{% macro duckdb__list_compact(exprs) -%}
    list_filter([{{ exprs | join(', ') }}], lambda x: x is not null)
{%- endmacro %}
{% macro spark__list_compact(exprs) -%}
    filter(array({{ exprs | join(', ') }}), x -> x is not null)
{%- endmacro %}

{#- An empty list of strings, typed. -#}
{% macro empty_string_list() -%}
    {{ return(adapter.dispatch('empty_string_list', 'costper')()) }}
{%- endmacro %}
{% macro default__empty_string_list() -%}
    {{ _list_macro_missing('empty_string_list') }}
{%- endmacro %}
{% macro duckdb__empty_string_list() -%}
    cast([] as {{ dbt.type_string() }}[])
{%- endmacro %}
{% macro spark__empty_string_list() -%}
    cast(array() as {{ type_string_list() }})
{%- endmacro %}

{#- The type of a list of strings. -#}
{% macro type_string_list() -%}
    {{ return(adapter.dispatch('type_string_list', 'costper')()) }}
{%- endmacro %}
{% macro default__type_string_list() -%}
    {{ _list_macro_missing('type_string_list') }}
{%- endmacro %}
{% macro duckdb__type_string_list() -%}
    varchar[]
{%- endmacro %}
{% macro spark__type_string_list() -%}
    array<string>
{%- endmacro %}

{#- Aggregate distinct non-null strings into a sorted list; an empty list when there are none. -#}
{% macro string_list_agg(expr) -%}
    {{ return(adapter.dispatch('string_list_agg', 'costper')(expr)) }}
{%- endmacro %}
{% macro default__string_list_agg(expr) -%}
    {{ _list_macro_missing('string_list_agg') }}
{%- endmacro %}
{% macro duckdb__string_list_agg(expr) -%}
    {#- a distinct aggregate, not a list of every row deduplicated after: 4x faster on the ledger -#}
    coalesce(
        array_agg(distinct {{ expr }} order by {{ expr }}) filter (where {{ expr }} is not null),
        {{ empty_string_list() }}
    )
{%- endmacro %}
{% macro spark__string_list_agg(expr) -%}
    {#- collect_set leaves nulls out; array_sort orders strings by their bytes, as DuckDB's list_sort does -#}
    coalesce(array_sort(collect_set({{ expr }})), {{ empty_string_list() }})
{%- endmacro %}

{#-
    The rows of `relation` (a CTE or relation name) with `key_columns`, one row per element of the list
    expression `list_expr` (which reads the relation's columns), the element named `element_name`. A whole select
    statement, not an expression: DuckDB and Spark can flatten in the select list, Trino and BigQuery only in the
    from clause (cross join unnest), so the statement is the portable unit. Rows whose list is empty or null give
    no row.
-#}
{% macro list_elements(relation, key_columns, list_expr, element_name) -%}
    {{ return(adapter.dispatch('list_elements', 'costper')(relation, key_columns, list_expr, element_name)) }}
{%- endmacro %}
{% macro default__list_elements(relation, key_columns, list_expr, element_name) -%}
    {#- SQL:2003 UNNEST in the from clause (Trino, Postgres); needs list_expr to name columns of `relation` -#}
    select
        {% for column in key_columns %}{{ relation }}.{{ column }}, {% endfor %}elements.{{ element_name }}
    from {{ relation }}
    cross join unnest({{ list_expr }}) as elements ({{ element_name }})
{%- endmacro %}
{% macro duckdb__list_elements(relation, key_columns, list_expr, element_name) -%}
    select
        {{ key_columns | join(', ') }},
        unnest({{ list_expr }}) as {{ element_name }}
    from {{ relation }}
{%- endmacro %}
{% macro spark__list_elements(relation, key_columns, list_expr, element_name) -%}
    select
        {{ key_columns | join(', ') }},
        explode({{ list_expr }}) as {{ element_name }}
    from {{ relation }}
{%- endmacro %}

{#- True when the list contains the value; false, never null, for a null list. -#}
{% macro list_has(list_expr, value) -%}
    {{ return(adapter.dispatch('list_has', 'costper')(list_expr, value)) }}
{%- endmacro %}
{% macro default__list_has(list_expr, value) -%}
    {{ _list_macro_missing('list_has') }}
{%- endmacro %}
{% macro duckdb__list_has(list_expr, value) -%}
    coalesce(list_contains({{ list_expr }}, {{ value }}), false)
{%- endmacro %}
{% macro spark__list_has(list_expr, value) -%}
    coalesce(array_contains({{ list_expr }}, {{ value }}), false)
{%- endmacro %}

{#- Concatenate two lists. -#}
{% macro list_concat(a, b) -%}
    {{ return(adapter.dispatch('list_concat', 'costper')(a, b)) }}
{%- endmacro %}
{% macro default__list_concat(a, b) -%}
    {{ _list_macro_missing('list_concat') }}
{%- endmacro %}
{% macro duckdb__list_concat(a, b) -%}
    list_concat({{ a }}, {{ b }})
{%- endmacro %}
{% macro spark__list_concat(a, b) -%}
    {#- DuckDB's list_concat reads a null list as empty; Spark's concat would give null -#}
    concat(coalesce({{ a }}, {{ empty_string_list() }}), coalesce({{ b }}, {{ empty_string_list() }}))
{%- endmacro %}

{#- Number of elements of a list; null for a null list. -#}
{% macro list_length(expr) -%}
    {{ return(adapter.dispatch('list_length', 'costper')(expr)) }}
{%- endmacro %}
{% macro default__list_length(expr) -%}
    cardinality({{ expr }})
{%- endmacro %}
{% macro duckdb__list_length(expr) -%}
    len({{ expr }})
{%- endmacro %}
{% macro spark__list_length(expr) -%}
    {#- size(null) is -1 while ANSI mode is off, which dbt-spark forces -#}
    case when {{ expr }} is not null then size({{ expr }}) end
{%- endmacro %}

{#- A list of strings from SQL expressions (nulls kept). -#}
{% macro string_list(exprs) -%}
    {{ return(adapter.dispatch('string_list', 'costper')(exprs)) }}
{%- endmacro %}
{% macro default__string_list(exprs) -%}
    {{ _list_macro_missing('string_list') }}
{%- endmacro %}
{% macro duckdb__string_list(exprs) -%}
    cast([{{ exprs | join(', ') }}] as {{ type_string_list() }})
{%- endmacro %}
{% macro spark__string_list(exprs) -%}
    cast(array({{ exprs | join(', ') }}) as {{ type_string_list() }})
{%- endmacro %}
