{#-
    Every cost the ledger gives an outcome reaches mart_outcome_cost, per billing currency, exactly: an outcome
    missing from the mart or counted twice would show here.
-#}
{{ config(tags = ['money']) }}
with

ledger as (
    select
        billing_currency,
        sum(allocated_cost) as attributed_cost
    from {{ ref('fct_cost_allocation') }}
    where method <> 'unattributed'
    group by billing_currency
),

mart as (
    select
        billing_currency,
        sum(attributed_cost) as attributed_cost
    from {{ ref('mart_outcome_cost') }}
    group by billing_currency
)

select
    coalesce(ledger.billing_currency, mart.billing_currency) as billing_currency,
    ledger.attributed_cost as ledger_cost,
    mart.attributed_cost as mart_cost
from ledger
full outer join mart
    on ledger.billing_currency = mart.billing_currency
where coalesce(ledger.attributed_cost, 0) <> coalesce(mart.attributed_cost, 0)
