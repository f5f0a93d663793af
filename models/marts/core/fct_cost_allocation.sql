{#-
    The attribution ledger: one row per cost line x outcome it was allocated to (methods direct and
    person_in_flight), one row per team-period bucket x outcome (team_period: the bucket's lines are in
    fct_cost_line_buckets), and one row per cost line left unattributed (outcome_id null). Every in-scope AI
    cost line is under exactly one method, so per month and currency the ledger sums to billed AI spend
    exactly (tests/dbt/marts/assert_allocation_conserves_billed.sql). The share a method gave an outcome that is not
    durable (a reverted PR, a revert PR) is rework: method unattributed, reason rework, the outcome in
    rework_outcome_id (a team_period share keeps its bucket), never spread over the other outcomes.
-#}
{{ window_replace_config('allocation', 'charge_month') }}
-- depends_on: {{ ref('int_allocation__window') }}

with

direct as (
    select * from {{ ref('int_allocation__direct') }}
),

person_in_flight as (
    select * from {{ ref('int_allocation__person_in_flight') }}
),

team_period as (
    select * from {{ ref('int_allocation__team_period') }}
    where {{ in_incremental_window('charge_month', 'allocation') }}
),

unattributed as (
    select * from {{ ref('int_allocation__unattributed') }}
),

cost_lines as (
    select * from {{ ref('int_allocation__cost_lines_in_scope') }}
    where {{ in_incremental_window('charge_month', 'allocation') }}
),

outcomes as (
    select * from {{ ref('int_allocation__outcomes_in_scope') }}
),

line_allocations as (
    {%- for method in ['direct', 'person_in_flight'] %}
        select
            cost_line_id,
            outcome_id,
            method,
            cast(null as {{ dbt.type_string() }}) as unattributed_reason,
            outcome_weight,
            allocated_cost,
            allocated_tokens
        from {{ method }}
        union all
    {%- endfor %}
    select
        cost_line_id,
        cast(null as {{ dbt.type_string() }}) as outcome_id,
        method,
        unattributed_reason,
        cast(null as decimal(18, 6)) as outcome_weight,
        allocated_cost,
        allocated_tokens
    from unattributed
),

allocations_joined as (
    select
        line_allocations.cost_line_id,
        cast(null as {{ dbt.type_string() }}) as allocation_bucket_id,
        line_allocations.outcome_id,
        line_allocations.method,
        line_allocations.unattributed_reason,
        line_allocations.outcome_weight,
        line_allocations.allocated_cost,
        line_allocations.allocated_tokens,
        cost_lines.billing_currency,
        cost_lines.charge_date,
        cost_lines.charge_month,
        cost_lines.team_id as cost_line_team_id,
        cost_lines.person_id,
        cost_lines.model_name,
        cost_lines.model_canonical,
        cost_lines.provider_name
    from line_allocations
    inner join cost_lines
        on line_allocations.cost_line_id = cost_lines.cost_line_id

    union all

    {#- team_period rows are buckets of lines (int_allocation__team_period_lines maps lines to buckets) #}
    select
        cast(null as {{ dbt.type_string() }}) as cost_line_id,
        allocation_bucket_id,
        outcome_id,
        method,
        cast(null as {{ dbt.type_string() }}) as unattributed_reason,
        outcome_weight,
        allocated_cost,
        allocated_tokens,
        billing_currency,
        cast(null as date) as charge_date,
        charge_month,
        team_id as cost_line_team_id,
        cast(null as {{ dbt.type_string() }}) as person_id,
        cast(null as {{ dbt.type_string() }}) as model_name,
        model_canonical,
        provider_name
    from team_period
),

allocations_with_outcomes as (
    select
        allocations_joined.*,
        outcomes.outcome_type,
        outcomes.team_id as outcome_team_id,
        -- the share of a reverted (or revert) outcome is rework: unattributed, kept apart from other outcomes
        -- (README "Durable outcomes"); an outcome that does not say (is_durable null) is durable
        coalesce(not outcomes.is_durable, false) as is_rework
    from allocations_joined
    left join outcomes
        on allocations_joined.outcome_id = outcomes.outcome_id
),

final as (
    select
        {{ surrogate_key(['coalesce(cost_line_id, allocation_bucket_id)', 'outcome_id']) }} as allocation_id,
        cost_line_id,
        allocation_bucket_id,
        case when not is_rework then outcome_id end as outcome_id,
        case when not is_rework then outcome_type end as outcome_type,
        case when is_rework then 'unattributed' else method end as method,
        case when is_rework then 'rework' else unattributed_reason end as unattributed_reason,
        case when is_rework then outcome_id end as rework_outcome_id,
        cast(allocated_cost as {{ money_type() }}) as allocated_cost,
        billing_currency,
        charge_date,
        charge_month,
        coalesce(cost_line_team_id, 'unassigned') as cost_team_id,
        case when outcome_id is not null and not is_rework then coalesce(outcome_team_id, 'unassigned') end
            as outcome_team_id,
        person_id,
        cast(allocated_tokens as decimal(38, 12)) as allocated_tokens,
        cast(case when not is_rework then outcome_weight end as decimal(18, 6)) as weight,
        model_name as x_model,
        model_canonical as x_model_canonical,
        provider_name as provider
    from allocations_with_outcomes
)

select * from final
