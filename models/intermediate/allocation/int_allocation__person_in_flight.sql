{#-
    Method 2, person_in_flight: a person's untagged cost line (one naming an outcome waits for that outcome,
    see unattributed) is split by weight over
    that person's outcomes in flight on the charge date (started_date <= charge_date <= occurred_date,
    both edges inclusive). One row per cost line x in-flight outcome.
-#}
{{ window_replace_config('allocation', 'charge_month') }}
-- depends_on: {{ ref('int_allocation__window') }}

with

cost_lines as (
    select * from {{ ref('int_allocation__cost_lines_in_scope') }}
    where person_id is not null
        and {{ in_incremental_window('charge_month', 'allocation') }}
        and coalesce({{ list_length('outcome_refs') }}, 0) = 0  -- tagged spend waits for its own outcome
),

outcomes as (
    select * from {{ ref('int_allocation__outcomes_in_scope') }}
    where weight > 0
),

remaining_lines as (
    {{ lines_not_yet_allocated('cost_lines', ['direct']) }}
),

person_days as (
    select distinct
        person_id,
        charge_date
    from remaining_lines
),

{#- In flight per person-day first (few rows), then fanned out to that day's lines by equality. #}

person_day_outcomes as (
    select
        person_days.person_id,
        person_days.charge_date,
        outcomes.outcome_id,
        outcomes.weight as outcome_weight
    from person_days
    inner join outcomes
        on person_days.person_id = outcomes.person_id
        and person_days.charge_date >= outcomes.started_date
        and person_days.charge_date <= outcomes.occurred_date
),

lines_joined_to_in_flight_outcomes as (
    select
        remaining_lines.cost_line_id,
        person_day_outcomes.outcome_id,
        person_day_outcomes.outcome_weight,
        remaining_lines.charge_month,
        remaining_lines.billed_cost,
        remaining_lines.consumed_tokens
    from remaining_lines
    inner join person_day_outcomes
        on remaining_lines.person_id = person_day_outcomes.person_id
        and remaining_lines.charge_date = person_day_outcomes.charge_date
),

final as (
    select
        cost_line_id,
        outcome_id,
        'person_in_flight' as method,
        outcome_weight,
        {{ allocate_by_weight('billed_cost', 'outcome_weight', ['cost_line_id'], ['outcome_id']) }}
            as allocated_cost,
        {{ allocate_by_weight('consumed_tokens', 'outcome_weight', ['cost_line_id'], ['outcome_id']) }}
            as allocated_tokens,
        charge_month
    from lines_joined_to_in_flight_outcomes
)

select * from final
