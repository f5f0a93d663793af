{#-
    Billed cost in a currency that fx_rates has no rate for on its charge date has no x_cost_reporting, so every
    total in the reporting currency leaves it out. A money warning (`costper build` exits 3) naming the lines, so
    the rate can be added to seeds/fx_rates.csv; the headline states the amounts it could not convert.
-#}
{{ config(
    severity = 'warn',
    tags = ['money'],
    meta = {'explain': "{failures} billed cost lines have no fx rate to " ~ var('reporting_currency')
        ~ " for their currency and charge date, so every " ~ var('reporting_currency')
        ~ " total leaves them out; add the rates to seeds/fx_rates.csv"}
) }}

select
    cost_line_id,
    BillingCurrency as billing_currency,
    x_charge_date as charge_date,
    BilledCost as billed_cost
from {{ ref('fct_ai_cost') }}
where x_cost_reporting is null
    and BilledCost is not null
