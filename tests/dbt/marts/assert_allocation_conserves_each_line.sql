{#-
    Every in-scope AI cost line is in the ledger under exactly one method (its rework rows, shares of outcomes that
    were not durable, besides), and what it was allocated adds up to its BilledCost exactly (and its tokens,
    ConsumedQuantity where ConsumedUnit is Tokens, likewise): by its own rows, or whole inside one team_period bucket
    (fct_cost_line_buckets) whose outcome rows add up to the sum of its lines exactly. Returns the lines, and the buckets, that break this. In an incremental build, the months it
    reallocated (the others were checked when written).
-#}
{{ config(tags = ['money']) }}
{%- set as_of_at = date_to_utc_timestamp("cast('" ~ var('as_of') ~ "' as date)") %}
with

cost_lines as (
    select
        cost_line_id,
        BilledCost as billed_cost,
        case when ConsumedUnit = 'Tokens' then ConsumedQuantity end as consumed_tokens
    from {{ ref('fct_ai_cost') }}
    where x_is_ai
        and ChargePeriodStart < {{ as_of_at }}
        and {{ rows_written_by_this_build('fct_cost_allocation', 'x_charge_date') }}
),

bucket_lines as (
    select * from {{ ref('fct_cost_line_buckets') }}
    where {{ rows_written_by_this_build('fct_cost_line_buckets') }}
),

ledger as (
    select * from {{ ref('fct_cost_allocation') }}
    where {{ rows_written_by_this_build('fct_cost_allocation') }}
),

allocated_by_line as (
    {#- a rework row is the share of the method that took the line (README "Durable outcomes"): not a method -#}
    select
        cost_line_id,
        case when unattributed_reason = 'rework' then null else method end as method,
        allocated_cost,
        allocated_tokens
    from ledger
    where cost_line_id is not null
    union all
    select cost_line_id, 'team_period' as method, billed_cost as allocated_cost, consumed_tokens as allocated_tokens
    from bucket_lines
),

ledger_by_line as (
    select
        cost_line_id,
        count(distinct method) as method_count,
        sum(allocated_cost) as allocated_cost,
        sum(allocated_tokens) as allocated_tokens
    from allocated_by_line
    group by cost_line_id
),

lines_off as (
    select
        coalesce(cost_lines.cost_line_id, ledger_by_line.cost_line_id) as checked_id,
        cost_lines.billed_cost as expected_cost,
        ledger_by_line.allocated_cost,
        cost_lines.consumed_tokens as expected_tokens,
        ledger_by_line.allocated_tokens
    from cost_lines
    full outer join ledger_by_line
        on cost_lines.cost_line_id = ledger_by_line.cost_line_id
    where cost_lines.cost_line_id is null
        or ledger_by_line.cost_line_id is null
        or ledger_by_line.method_count > 1
        or cost_lines.billed_cost is distinct from ledger_by_line.allocated_cost
        or cost_lines.consumed_tokens is distinct from ledger_by_line.allocated_tokens
),

bucket_totals as (
    select
        allocation_bucket_id,
        sum(billed_cost) as billed_cost,
        sum(consumed_tokens) as consumed_tokens
    from bucket_lines
    group by allocation_bucket_id
),

bucket_allocations as (
    select
        allocation_bucket_id,
        sum(allocated_cost) as allocated_cost,
        sum(allocated_tokens) as allocated_tokens
    from ledger
    where allocation_bucket_id is not null
    group by allocation_bucket_id
),

buckets_off as (
    select
        coalesce(bucket_totals.allocation_bucket_id, bucket_allocations.allocation_bucket_id) as checked_id,
        bucket_totals.billed_cost as expected_cost,
        bucket_allocations.allocated_cost,
        bucket_totals.consumed_tokens as expected_tokens,
        bucket_allocations.allocated_tokens
    from bucket_totals
    full outer join bucket_allocations
        on bucket_totals.allocation_bucket_id = bucket_allocations.allocation_bucket_id
    where bucket_totals.billed_cost is distinct from bucket_allocations.allocated_cost
        or bucket_totals.consumed_tokens is distinct from bucket_allocations.allocated_tokens
)

select * from lines_off
union all
select * from buckets_off
