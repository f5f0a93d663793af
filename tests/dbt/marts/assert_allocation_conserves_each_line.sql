{#-
    Every in-scope AI cost line is in the ledger under exactly one method, and its rows add up to its
    BilledCost exactly (and its tokens, ConsumedQuantity where ConsumedUnit is Tokens, likewise). Returns the lines that break this.
-#}
{%- set as_of_at = date_to_utc_timestamp("cast('" ~ var('as_of') ~ "' as date)") %}
with

cost_lines as (
    select
        cost_line_id,
        "BilledCost" as billed_cost,
        case when "ConsumedUnit" = 'Tokens' then "ConsumedQuantity" end as consumed_tokens
    from {{ ref('fct_ai_cost') }}
    where x_is_ai
        and "ChargePeriodStart" < {{ as_of_at }}
),

ledger_by_line as (
    select
        cost_line_id,
        count(distinct method) as method_count,
        sum(allocated_cost) as allocated_cost,
        sum(allocated_tokens) as allocated_tokens
    from {{ ref('fct_cost_allocation') }}
    group by cost_line_id
)

select
    coalesce(cost_lines.cost_line_id, ledger_by_line.cost_line_id) as cost_line_id,
    cost_lines.billed_cost,
    ledger_by_line.allocated_cost,
    cost_lines.consumed_tokens,
    ledger_by_line.allocated_tokens,
    ledger_by_line.method_count
from cost_lines
full outer join ledger_by_line
    on cost_lines.cost_line_id = ledger_by_line.cost_line_id
where cost_lines.cost_line_id is null
    or ledger_by_line.cost_line_id is null
    or ledger_by_line.method_count <> 1
    or cost_lines.billed_cost is distinct from ledger_by_line.allocated_cost
    or cost_lines.consumed_tokens is distinct from ledger_by_line.allocated_tokens
