{#-
    Method 3, team_period: cost that reaches a team but no person (shared keys, workspaces, service
    accounts), and, when var person_idle_cost_to_team is true, a person's cost with nothing in flight,
    is split by weight over the team's outcomes delivered in the same allocation period (var
    allocation_period, month by default). Only lines methods 1 and 2 left. One row per cost line x outcome.
-#}
{%- set idle_cost_to_team = (var('person_idle_cost_to_team') | string | lower) == 'true' %}

with

cost_lines as (
    select * from {{ ref('int_allocation__cost_lines_in_scope') }}
    where team_id is not null
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

lines_joined_to_team_outcomes as (
    select
        remaining_lines.cost_line_id,
        outcomes.outcome_id,
        outcomes.weight as outcome_weight,
        remaining_lines.billed_cost,
        remaining_lines.consumed_tokens
    from remaining_lines
    inner join outcomes
        on remaining_lines.team_id = outcomes.team_id
        and {{ dbt.date_trunc(var('allocation_period'), 'remaining_lines.charge_date') }}
        = {{ dbt.date_trunc(var('allocation_period'), 'outcomes.occurred_date') }}
),

final as (
    select
        cost_line_id,
        outcome_id,
        'team_period' as method,
        outcome_weight,
        {{ allocate_by_weight('billed_cost', 'outcome_weight', ['cost_line_id'], ['outcome_id']) }}
            as allocated_cost,
        {{ allocate_by_weight('consumed_tokens', 'outcome_weight', ['cost_line_id'], ['outcome_id']) }}
            as allocated_tokens
    from lines_joined_to_team_outcomes
)

select * from final
