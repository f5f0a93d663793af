{#-
    The allocation models' window for this run (macros/incremental/incremental_window.sql): one row. The first month
    to reallocate is the earliest of the cost models' window (new cost files), the first day an as_of change moved in
    or out of scope, and the earliest day touched by any outcome that appeared, disappeared or changed since the
    last recorded build (its first in-flight day, or the first charge day of a line naming it), taken back to the
    start of its allocation period and then of its month. is_full_rebuild: everything is rebuilt (no build recorded,
    or the fingerprint changed).
-#}
-- noqa: disable=LT02
{#- LT02 off: the DuckDB branch below keeps the indentation it had before the engine test was put around it. #}
{%- if target.type != 'duckdb' %}
{#- No incremental state off DuckDB (large_model_materialization() builds tables there): always a full build. #}
select
    true as is_full_rebuild,
    cast('9999-12-01' as date) as window_start
{%- else %}
{%- set cost_window_start = incremental_window_start('cost') %}
{%- set as_of = "cast('" ~ var('as_of') ~ "' as date)" %}

with

current_outcomes as (
    {{ outcomes_fingerprint_sql(
        ref('int_allocation__outcomes_in_scope'), ref('int_allocation__direct'),
        ref('int_allocation__cost_lines_in_scope')) }}
),

seen_outcomes as (
    select * from {{ state_schema() }}.outcomes_seen
),

changed_outcomes as (
    select earliest_affected_date from current_outcomes
    where outcome_hash not in (select seen_outcomes.outcome_hash from seen_outcomes)
    union all
    select earliest_affected_date from seen_outcomes
    where outcome_hash not in (select current_outcomes.outcome_hash from current_outcomes)
),

window_starts as (
    select cast('{{ cost_window_start or "9999-12-31" }}' as date) as start_date
    union all
    select least(as_of, {{ as_of }}) from {{ state_schema() }}.build_state
    where as_of != {{ as_of }}
    union all
    select min(earliest_affected_date) from changed_outcomes
),

final as (
    select
        {{ 'true' if cost_window_start is none else 'false' }} as is_full_rebuild,
        cast(
            {{ dbt.date_trunc('month', dbt.date_trunc(var('allocation_period'), 'min(start_date)')) }} as date
        ) as window_start
    from window_starts
)

select * from final
{%- endif %}
