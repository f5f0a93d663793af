-- The cost lines keep every billed cent: per source, charge date and currency, the sum of BilledCost of the resolved
-- lines (fct_ai_cost's AI lines and a cloud bill's other lines) equals the sum of the current billed lines in staging
-- (Anthropic cents converted with * 0.01; every other source as its int_cost__<source>_lines model gives it) exactly.
-- A line another source already counts (int_cost__superseded_lines) is counted on the fct side, where it was
-- set aside: superseded + resolved = billed. Returns the days that differ.
{{ config(tags = ['money']) }}
with

billed as (
    select 'anthropic_cost_report' as x_source, charge_date, billing_currency, sum(billed_cost) as billed_total
    from {{ ref('stg_anthropic__cost_report') }}
    group by 1, 2, 3
    union all
    select 'openai_costs' as x_source, charge_date, billing_currency, sum(billed_cost) as billed_total
    from {{ ref('stg_openai__costs') }}
    group by 1, 2, 3
    union all
    select x_source, charge_date, billing_currency, sum(billed_cost) as billed_total
    from {{ ref('int_cost__provider_lines') }}
    where x_source not in ('anthropic_cost_report', 'openai_costs')
    group by 1, 2, 3
),

fct as (
    select x_source, x_charge_date as charge_date, BillingCurrency as billing_currency, sum(BilledCost) as fct_total
    from (
        select x_source, x_charge_date, BillingCurrency, BilledCost from {{ ref('int_cost__lines_resolved') }}
        union all
        select x_source, x_charge_date, BillingCurrency, BilledCost from {{ ref('int_cost__superseded_lines') }}
    ) as kept_and_superseded
    group by 1, 2, 3
)

select
    coalesce(billed.x_source, fct.x_source) as x_source,
    coalesce(billed.charge_date, fct.charge_date) as charge_date,
    coalesce(billed.billing_currency, fct.billing_currency) as billing_currency,
    billed.billed_total,
    fct.fct_total
from billed
full outer join fct
    on billed.x_source = fct.x_source
    and billed.charge_date = fct.charge_date
    and billed.billing_currency = fct.billing_currency
where billed.billed_total is null or fct.fct_total is null or billed.billed_total <> fct.fct_total
