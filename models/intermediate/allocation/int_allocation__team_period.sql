{#-
    Method 3, team_period: each bucket of int_allocation__team_period_lines (team x allocation period x charge month x
    billing currency x provider x canonical model) is split by weight over the team's outcomes delivered in that period,
    exactly (allocate_by_weight). One row per bucket x outcome: the ledger's size follows buckets x outcomes, not
    cost lines x outcomes; the map says which lines each bucket holds.
-#}
{{ window_replace_config('allocation', 'charge_month') }}
-- depends_on: {{ ref('int_allocation__window') }}


with

bucket_lines as (
    select * from {{ ref('int_allocation__team_period_lines') }}
    where {{ in_incremental_window('charge_month', 'allocation') }}
),

outcomes as (
    select * from {{ ref('int_allocation__outcomes_in_scope') }}
    where weight > 0
        and is_cost_known  -- an agent's outcome billed by a source not loaded takes no share of the team's spend
),

buckets as (
    select
        allocation_bucket_id,
        team_id,
        period_start,
        charge_month,
        billing_currency,
        provider_name,
        model_canonical,
        sum(billed_cost) as billed_cost,
        sum(consumed_tokens) as consumed_tokens
    from bucket_lines
    group by allocation_bucket_id, team_id, period_start, charge_month, billing_currency, provider_name, model_canonical
),

buckets_joined_to_team_outcomes as (
    select
        buckets.*,
        outcomes.outcome_id,
        outcomes.weight as outcome_weight
    from buckets
    inner join outcomes
        on buckets.team_id = outcomes.team_id
        and buckets.period_start
        = cast({{ dbt.date_trunc(var('allocation_period'), 'outcomes.occurred_date') }} as date)
),

final as (
    select
        allocation_bucket_id,
        outcome_id,
        'team_period' as method,
        outcome_weight,
        {{ allocate_by_weight('billed_cost', 'outcome_weight', ['allocation_bucket_id'], ['outcome_id']) }}
            as allocated_cost,
        {{ allocate_by_weight('consumed_tokens', 'outcome_weight', ['allocation_bucket_id'], ['outcome_id']) }}
            as allocated_tokens,
        team_id,
        period_start,
        charge_month,
        billing_currency,
        provider_name,
        model_canonical
    from buckets_joined_to_team_outcomes
)

select * from final
