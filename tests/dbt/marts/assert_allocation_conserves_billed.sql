{#-
    Conservation, always on: for every charge month and billing currency, the ledger (allocated plus
    unattributed) sums to billed AI spend before as_of EXACTLY. Returns the months that do not tie.
-#}
{{ config(tags = ['money']) }}
{%- set as_of_at = date_to_utc_timestamp("cast('" ~ var('as_of') ~ "' as date)") %}
with

billed as (
    select
        cast({{ dbt.date_trunc('month', 'x_charge_date') }} as date) as charge_month,
        BillingCurrency as billing_currency,
        sum(BilledCost) as billed_cost
    from {{ ref('fct_ai_cost') }}
    where x_is_ai
        and ChargePeriodStart < {{ as_of_at }}
    group by 1, 2
),

ledger as (
    select
        charge_month,
        billing_currency,
        sum(allocated_cost) as allocated_cost
    from {{ ref('fct_cost_allocation') }}
    group by 1, 2
)

select
    coalesce(billed.charge_month, ledger.charge_month) as charge_month,
    coalesce(billed.billing_currency, ledger.billing_currency) as billing_currency,
    billed.billed_cost,
    ledger.allocated_cost
from billed
full outer join ledger
    on billed.charge_month = ledger.charge_month
    and billed.billing_currency = ledger.billing_currency
where billed.billed_cost is distinct from ledger.allocated_cost
