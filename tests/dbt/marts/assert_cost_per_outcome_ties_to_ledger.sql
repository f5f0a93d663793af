{#-
    mart_cost_per_outcome ties to the ledger: per delivery month and billing currency, attributed_cost summed
    over the mart equals the ledger cost allocated to outcomes delivered that month. Returns the months that
    do not tie.
-#}
{{ config(tags = ['money']) }}
with

mart_months as (
    select
        period_month,
        billing_currency,
        sum(attributed_cost) as attributed_cost
    from {{ ref('mart_cost_per_outcome') }}
    group by period_month, billing_currency
),

ledger_months as (
    select
        outcomes.occurred_month as period_month,
        ledger.billing_currency,
        sum(ledger.allocated_cost) as attributed_cost
    from {{ ref('fct_cost_allocation') }} as ledger
    inner join {{ ref('fct_outcomes') }} as outcomes
        on ledger.outcome_id = outcomes.outcome_id
    group by outcomes.occurred_month, ledger.billing_currency
)

select
    coalesce(mart_months.period_month, ledger_months.period_month) as period_month,
    coalesce(mart_months.billing_currency, ledger_months.billing_currency) as billing_currency,
    mart_months.attributed_cost as mart_attributed_cost,
    ledger_months.attributed_cost as ledger_attributed_cost
from mart_months
full outer join ledger_months
    on mart_months.period_month = ledger_months.period_month
    and mart_months.billing_currency = ledger_months.billing_currency
where coalesce(mart_months.attributed_cost, 0) <> coalesce(ledger_months.attributed_cost, 0)
