{#-
    The attribution ledger: one row per cost line x outcome it was allocated to (method direct,
    person_in_flight or team_period), plus one row per cost line left unattributed (outcome_id null).
    Every in-scope AI cost line appears under exactly one method, so per month and currency the ledger
    sums to billed AI spend exactly (tests/dbt/marts/assert_allocation_conserves_billed.sql).
-#}
with

direct as (
    select * from {{ ref('int_allocation__direct') }}
),

person_in_flight as (
    select * from {{ ref('int_allocation__person_in_flight') }}
),

team_period as (
    select * from {{ ref('int_allocation__team_period') }}
),

unattributed as (
    select * from {{ ref('int_allocation__unattributed') }}
),

cost_lines as (
    select * from {{ ref('int_allocation__cost_lines_in_scope') }}
),

outcomes as (
    select * from {{ ref('int_allocation__outcomes_in_scope') }}
),

allocations_unioned as (
    {%- for method in ['direct', 'person_in_flight', 'team_period'] %}
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
        allocations_unioned.*,
        cost_lines.billing_currency,
        cost_lines.charge_date,
        cost_lines.charge_month,
        cost_lines.team_id as cost_line_team_id,
        cost_lines.person_id,
        cost_lines.model_name,
        cost_lines.model_canonical,
        cost_lines.provider_name,
        outcomes.outcome_type,
        outcomes.team_id as outcome_team_id
    from allocations_unioned
    inner join cost_lines
        on allocations_unioned.cost_line_id = cost_lines.cost_line_id
    left join outcomes
        on allocations_unioned.outcome_id = outcomes.outcome_id
),

final as (
    select
        {{ surrogate_key(['cost_line_id', 'outcome_id']) }} as allocation_id,
        cost_line_id,
        outcome_id,
        outcome_type,
        method,
        unattributed_reason,
        cast(allocated_cost as {{ money_type() }}) as allocated_cost,
        billing_currency,
        charge_date,
        charge_month,
        coalesce(cost_line_team_id, 'unassigned') as cost_team_id,
        case when outcome_id is not null then coalesce(outcome_team_id, 'unassigned') end as outcome_team_id,
        person_id,
        cast(allocated_tokens as decimal(38, 12)) as allocated_tokens,
        cast(outcome_weight as decimal(18, 6)) as weight,
        model_name as x_model,
        model_canonical as x_model_canonical,
        provider_name as provider
    from allocations_joined
)

select * from final
