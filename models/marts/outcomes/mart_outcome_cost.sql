{#-
    What each outcome cost: one row per outcome delivered before as_of and per billing currency of the
    AI spend (with a single billing currency, exactly one row per outcome; with no spend at all, the
    reporting currency). Outcomes that drew no cost keep their row, with zeros. An outcome delivered by an AI agent
    whose cost source is not loaded (the Copilot coding agent without the GitHub bill) has is_cost_known false: its
    cost is unknown, not zero, and missing_cost_source says which source would fill it. Outcomes that are not
    durable (fct_outcomes.is_durable false: reverted, or a revert) are not here: their cost is rework in the ledger.
-#}
with

outcomes as (
    select * from {{ ref('int_allocation__outcomes_in_scope') }}
    where coalesce(is_durable, true)  -- rework (a reverted PR, a revert) is no delivered outcome; null: durable
),

bucket_sizes as (
    select
        allocation_bucket_id,
        count(*) as bucket_line_count
    from {{ ref('fct_cost_line_buckets') }}
    group by allocation_bucket_id
),

ledger as (
    select
        allocations.*,
        coalesce(bucket_sizes.bucket_line_count, 0) as bucket_line_count
    from {{ ref('fct_cost_allocation') }} as allocations
    left join bucket_sizes
        on allocations.allocation_bucket_id = bucket_sizes.allocation_bucket_id
    where allocations.outcome_id is not null
),

billing_currencies as (
    select distinct billing_currency from {{ ref('int_allocation__cost_lines_in_scope') }}
    union
    select '{{ var("reporting_currency") }}' as billing_currency
    where not exists (select 1 from {{ ref('int_allocation__cost_lines_in_scope') }})
),

cost_by_outcome as (
    select
        outcome_id,
        billing_currency,
        sum(allocated_cost) as attributed_cost,
        sum(case when method = 'direct' then allocated_cost else 0 end) as direct_cost,
        sum(case when method = 'person_in_flight' then allocated_cost else 0 end) as person_in_flight_cost,
        sum(case when method = 'team_period' then allocated_cost else 0 end) as team_period_cost,
        sum(allocated_tokens) as attributed_tokens,
        -- a line reaches an outcome once: by its own row, or inside one team_period bucket
        -- a line meets an outcome in one ledger row at most (the ledger's key), so no distinct is needed
        cast(count(cost_line_id) + sum(bucket_line_count) as bigint) as cost_line_count,
        {{ string_list_agg('x_model_canonical') }} as models_used
    from ledger
    group by outcome_id, billing_currency
),

outcomes_by_currency as (
    select
        outcomes.*,
        billing_currencies.billing_currency
    from outcomes
    cross join billing_currencies
),

final as (
    select
        outcomes_by_currency.outcome_id,
        outcomes_by_currency.billing_currency,
        outcomes_by_currency.outcome_type,
        outcomes_by_currency.source,
        outcomes_by_currency.title,
        outcomes_by_currency.url,
        outcomes_by_currency.person_id,
        coalesce(outcomes_by_currency.team_id, 'unassigned') as team_id,
        outcomes_by_currency.weight,
        outcomes_by_currency.ai_assisted,
        outcomes_by_currency.ai_evidence,
        outcomes_by_currency.started_at,
        outcomes_by_currency.occurred_at,
        outcomes_by_currency.started_date,
        outcomes_by_currency.occurred_date,
        outcomes_by_currency.occurred_month,
        outcomes_by_currency.ai_agent,
        outcomes_by_currency.is_cost_known,
        case when not outcomes_by_currency.is_cost_known then outcomes_by_currency.agent_cost_source end
            as missing_cost_source,
        cast(coalesce(cost_by_outcome.attributed_cost, 0) as {{ money_type() }}) as attributed_cost,
        cast(coalesce(cost_by_outcome.direct_cost, 0) as {{ money_type() }}) as direct_cost,
        cast(coalesce(cost_by_outcome.person_in_flight_cost, 0) as {{ money_type() }}) as person_in_flight_cost,
        cast(coalesce(cost_by_outcome.team_period_cost, 0) as {{ money_type() }}) as team_period_cost,
        cast(coalesce(cost_by_outcome.attributed_tokens, 0) as decimal(38, 12)) as attributed_tokens,
        coalesce(cost_by_outcome.cost_line_count, 0) as cost_line_count,
        coalesce(cost_by_outcome.models_used, {{ empty_string_list() }}) as models_used
    from outcomes_by_currency
    left join cost_by_outcome
        on outcomes_by_currency.outcome_id = cost_by_outcome.outcome_id
        and outcomes_by_currency.billing_currency = cost_by_outcome.billing_currency
)

select * from final
