{#-
    mart_team_spend ties to the ledger and to the bill: per charge month and billing currency, its total_cost
    equals the ledger's rows and fct_ai_cost's BilledCost charged that month, and its unattributed_cost the
    ledger's unattributed rows. Returns the months that do not tie.
-#}
{{ config(tags = ['money']) }}
with

mart_months as (
    select
        period_month,
        billing_currency,
        sum(total_cost) as total_cost,
        sum(unattributed_cost) as unattributed_cost
    from {{ ref('mart_team_spend') }}
    group by period_month, billing_currency
),

ledger_months as (
    select
        charge_month as period_month,
        billing_currency,
        sum(allocated_cost) as total_cost,
        sum(case when method = 'unattributed' then allocated_cost else 0 end) as unattributed_cost
    from {{ ref('fct_cost_allocation') }}
    group by charge_month, billing_currency
),

billed_months as (
    select
        cast({{ dbt.date_trunc('month', 'x_charge_date') }} as date) as period_month,
        BillingCurrency as billing_currency,
        sum(BilledCost) as total_cost
    from {{ ref('fct_ai_cost') }}
    where x_is_ai
        and ChargePeriodStart < {{ date_to_utc_timestamp("cast('" ~ var('as_of') ~ "' as date)") }}
    group by 1, 2
)

select
    coalesce(mart_months.period_month, ledger_months.period_month, billed_months.period_month) as period_month,
    coalesce(mart_months.billing_currency, ledger_months.billing_currency, billed_months.billing_currency)
        as billing_currency,
    mart_months.total_cost as mart_total_cost,
    ledger_months.total_cost as ledger_total_cost,
    billed_months.total_cost as billed_total_cost,
    mart_months.unattributed_cost as mart_unattributed_cost,
    ledger_months.unattributed_cost as ledger_unattributed_cost
from mart_months
full outer join ledger_months
    on mart_months.period_month = ledger_months.period_month
    and mart_months.billing_currency = ledger_months.billing_currency
full outer join billed_months
    on coalesce(mart_months.period_month, ledger_months.period_month) = billed_months.period_month
    and coalesce(mart_months.billing_currency, ledger_months.billing_currency) = billed_months.billing_currency
where mart_months.total_cost is distinct from ledger_months.total_cost
    or mart_months.total_cost is distinct from billed_months.total_cost
    or mart_months.unattributed_cost is distinct from ledger_months.unattributed_cost
