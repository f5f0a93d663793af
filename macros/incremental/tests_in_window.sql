{#-
    In a `dbt build` that rebuilt an incremental model's window, its generic tests (and the per-line singular tests
    that call rows_written_by_this_build) check the rows this build wrote: the rows before the window are the ones
    an earlier build wrote and tested, unchanged since. Keys never cross a window edge (every key includes the
    charge day). `dbt test` on its own, a full build, and models outside a window check every row. The monthly
    conservation tests always read everything.
-#}

{#- A SQL condition on `column` of model `model_name`: the rows this build wrote, or true. -#}
{% macro rows_written_by_this_build(model_name, column=none) -%}
    {%- set node = graph.nodes.get('model.' ~ project_name ~ '.' ~ model_name) if execute else none -%}
    {%- set kind = node.config.get('incremental_window') if node else none -%}
    {%- set start = incremental_window_start(kind) if kind and flags.WHICH == 'build' else none -%}
    {%- if start is none -%}
        true
    {%- else -%}
        {%- set column = column or node.config.get('window_column') -%}
        {{ window_condition(column, start) }}
    {%- endif -%}
{%- endmacro %}

{% macro duckdb__get_where_subquery(relation) -%}
    {%- set where = namespace(condition=config.get('where', '')) -%}
    {%- for candidate in (graph.nodes.values() if execute else []) if candidate.resource_type == 'model'
        and candidate.alias == relation.identifier and candidate.schema == relation.schema -%}
        {%- set window = rows_written_by_this_build(candidate.name) | trim -%}
        {%- if window != 'true' -%}
            {%- set where.condition = window ~ (' and (' ~ where.condition ~ ')' if where.condition else '') -%}
        {%- endif -%}
    {%- endfor -%}
    {%- if where.condition -%}
        {{- return('(select * from ' ~ relation ~ ' where ' ~ where.condition ~ ') dbt_subquery') -}}
    {%- endif -%}
    {{- return(relation) -}}
{%- endmacro %}
