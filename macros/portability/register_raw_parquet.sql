{#-
    on-run-start: with var raw_parquet_dir set (`costper export-raw --parquet DIR` wrote it), every source's raw
    table is (re)registered as an external Parquet table over DIR/<identifier>, so dbt reads what ingest exported.
    Without the var it does nothing: the raw tables are the warehouse's own (DuckDB), or already in the engine's
    catalog. dbt sources must be tables, not files, hence the registration.
-#}
{% macro register_raw_parquet() -%}
    {{ return(adapter.dispatch('register_raw_parquet', 'costper')()) }}
{%- endmacro %}

{% macro default__register_raw_parquet() -%}
    {%- if execute and var('raw_parquet_dir', none) -%}
        {{ exceptions.raise_compiler_error(
            "var raw_parquet_dir: registering exported Parquet as raw tables is written for spark only; on "
            ~ target.type ~ " add " ~ target.type ~ "__register_raw_parquet (macros/portability/register_raw_parquet.sql)") }}
    {%- endif -%}
    select 1
{%- endmacro %}

{% macro spark__register_raw_parquet() -%}
    {%- set root = var('raw_parquet_dir', none) -%}
    {%- if execute and root -%}
        {%- set tables = {} -%}
        {%- for source in graph.sources.values() -%}
            {%- do tables.update({source.schema ~ '.' ~ source.identifier: (source.schema, source.identifier)}) -%}
        {%- endfor -%}
        {%- for schema in tables.values() | map(attribute=0) | unique -%}
            {%- do run_query('create schema if not exists ' ~ schema) -%}
        {%- endfor -%}
        {%- for name in tables | sort -%}
            {%- set schema, identifier = tables[name] -%}
            {%- set table = schema ~ '.' ~ adapter.quote(identifier) -%}
            {#- external: dropping it leaves the files; re-creating it reads the latest export -#}
            {%- do run_query('drop table if exists ' ~ table) -%}
            {%- do run_query('create table ' ~ table ~ " using parquet location '" ~ root.rstrip('/') ~ '/' ~ identifier ~ "'") -%}
            {#- a non-empty table is partitioned by _partition_date; its partitions enter the catalog only so -#}
            {%- set described = run_query('describe table ' ~ table) -%}
            {%- if '# Partition Information' in described.columns[0].values() -%}
                {%- do run_query('alter table ' ~ table ~ ' recover partitions') -%}
            {%- endif -%}
        {%- endfor -%}
    {%- endif -%}
    select 1
{%- endmacro %}
