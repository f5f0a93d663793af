{#-
    on-run-start: every source's raw table must exist before anything reads it. costper creates them all, typed and
    empty, whenever it opens a warehouse for writing; a file it never opened would otherwise fail node by node with
    a Catalog Error. This says so once, in one line, before any node runs.
-#}
{% macro require_raw_tables() -%}
    {%- if execute -%}
        {%- set missing = [] -%}
        {%- for source in graph.sources.values() | sort(attribute='unique_id') -%}
            {%- set relation = adapter.get_relation(
                database=source.database, schema=source.schema, identifier=source.identifier) -%}
            {%- if relation is none -%}
                {%- do missing.append(source.schema ~ '.' ~ source.identifier) -%}
            {%- endif -%}
        {%- endfor -%}
        {%- if missing -%}
            {{ exceptions.raise_compiler_error(
                missing | length ~ " raw tables are missing (" ~ (missing[:3] | join(', ')) ~ ", ...): costper never "
                ~ "wrote to this warehouse; load files with `costper ingest --db <file>` (it creates every source's "
                ~ "raw table, typed and empty)") }}
        {%- endif -%}
    {%- endif -%}
    select 1
{%- endmacro %}
