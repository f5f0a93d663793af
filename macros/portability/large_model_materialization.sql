{#-
    How a model big enough to build incrementally is materialized: `{{ config(materialized=large_model_materialization(),
    incremental_strategy='delete+insert', unique_key=...) }}`. Incremental where the adapter can replace the re-selected
    charge days (delete+insert on DuckDB; merge on Delta, Iceberg or Snowflake), a full table on Spark: with the
    parquet file format dbt-spark can only append or overwrite partitions, and a full rebuild gives the same marts.
    is_incremental() is then false, so the models' incremental filters fall away by themselves.
-#}
{% macro large_model_materialization() -%}
    {{ return(adapter.dispatch('large_model_materialization', 'costper')()) }}
{%- endmacro %}

{% macro default__large_model_materialization() -%}
    {{ return('incremental') }}
{%- endmacro %}

{% macro spark__large_model_materialization() -%}
    {{ return('table') }}
{%- endmacro %}
