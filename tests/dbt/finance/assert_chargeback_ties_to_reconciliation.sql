{#- Per month, provider and currency the chargeback rows sum exactly to the reconciliation's chargeback cost (the
    billed cost lines plus the credits only the invoice carries): no line is dropped or counted twice. -#}

with

chargeback as (
    select
        charge_month,
        provider,
        billing_currency,
        sum(billed_cost) as billed_cost
    from {{ ref('mart_finance_chargeback') }}
    group by 1, 2, 3
)

select
    reconciliation.charge_month,
    reconciliation.provider,
    reconciliation.chargeback_cost,
    chargeback.billed_cost
from {{ ref('mart_finance_invoice_reconciliation') }} as reconciliation
left join chargeback
    on reconciliation.charge_month = chargeback.charge_month
    and reconciliation.provider = chargeback.provider
    and reconciliation.billing_currency = chargeback.billing_currency
where coalesce(chargeback.billed_cost, 0) <> reconciliation.chargeback_cost
