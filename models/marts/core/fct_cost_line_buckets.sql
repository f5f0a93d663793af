{#-
    The team_period ledger's map: one row per cost line allocated by team_period, with the bucket (team x period x
    charge month x currency x provider x canonical model) it went through. fct_cost_allocation holds each bucket's
    shares of outcomes; a line's part of a bucket is its billed_cost over the bucket's.
-#}
{{ window_replace_config('allocation', 'charge_month') }}
-- depends_on: {{ ref('int_allocation__window') }}


with

bucket_lines as (
    select * from {{ ref('int_allocation__team_period_lines') }}
    where {{ in_incremental_window('charge_month', 'allocation') }}
),

final as (
    select
        cost_line_id,
        allocation_bucket_id,
        team_id,
        period_start,
        charge_month,
        billing_currency,
        provider_name as provider,
        model_canonical as x_model_canonical,
        cast(billed_cost as {{ money_type() }}) as billed_cost,
        cast(consumed_tokens as decimal(38, 12)) as consumed_tokens
    from bucket_lines
)

select * from final
