{#-
    Method 3, team_period, its line-to-bucket map: the cost lines team_period takes, each with the bucket it is
    allocated through. Lines methods 1 and 2 left that reach a team but no person (shared keys, workspaces,
    service accounts), and, when var person_idle_cost_to_team is true, a person's lines with nothing in flight,
    are pooled per team x allocation period (var allocation_period, month by default) x charge month x billing
    currency x provider x canonical model; a bucket is allocated once over the team's outcomes of the period
    (int_allocation__team_period), so the ledger grows with buckets x outcomes, not lines x outcomes. Only lines
    whose bucket has an outcome to go to are here; the others stay unattributed. One row per cost line.
-#}
{{ window_replace_config('allocation', 'charge_month') }}
-- depends_on: {{ ref('int_allocation__window') }}

{%- set idle_cost_to_team = (var('person_idle_cost_to_team') | string | lower) == 'true' %}

with

cost_lines as (
    select * from {{ ref('int_allocation__cost_lines_in_scope') }}
    where team_id is not null
        and {{ in_incremental_window('charge_month', 'allocation') }}
        and coalesce({{ list_length('outcome_refs') }}, 0) = 0  -- tagged spend waits for its own outcome
        {%- if not idle_cost_to_team %}
            and person_id is null
        {%- endif %}
),

outcomes as (
    select * from {{ ref('int_allocation__outcomes_in_scope') }}
    where weight > 0
        and is_cost_known  -- an agent's outcome billed by a source not loaded takes no share of the team's spend
),

remaining_lines as (
    {{ lines_not_yet_allocated('cost_lines', ['direct', 'person_in_flight']) }}
),

team_periods_with_outcomes as (
    select distinct
        team_id,
        cast({{ dbt.date_trunc(var('allocation_period'), 'occurred_date') }} as date) as period_start
    from outcomes
),

lines_in_buckets as (
    select
        remaining_lines.cost_line_id,
        remaining_lines.team_id,
        cast({{ dbt.date_trunc(var('allocation_period'), 'remaining_lines.charge_date') }} as date) as period_start,
        remaining_lines.charge_month,  -- a week may span two months: a bucket never does (conservation is monthly)
        remaining_lines.billing_currency,
        remaining_lines.provider_name,
        remaining_lines.model_canonical,
        remaining_lines.billed_cost,
        remaining_lines.consumed_tokens
    from remaining_lines
),

final as (
    select
        {{ surrogate_key([
            "'team_period'", 'lines_in_buckets.team_id', 'lines_in_buckets.period_start', 'lines_in_buckets.charge_month',
            'lines_in_buckets.billing_currency', 'lines_in_buckets.provider_name', 'lines_in_buckets.model_canonical',
        ]) }} as allocation_bucket_id,
        lines_in_buckets.*
    from lines_in_buckets
    inner join team_periods_with_outcomes
        on lines_in_buckets.team_id = team_periods_with_outcomes.team_id
        and lines_in_buckets.period_start = team_periods_with_outcomes.period_start
)

select * from final
