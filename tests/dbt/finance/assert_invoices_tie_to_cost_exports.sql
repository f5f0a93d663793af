{#-
    Every closed month's invoice of a provider ties to the provider's billed cost lines of that month, to within
    var('invoice_tolerance') (default 0.00: to the cent) once the credits only the invoice carries are counted.
    A row here is money the bill says and the exports do not (or the reverse): a missing or restated export, an
    invoice for the wrong month, a typo in the invoices file. Months not over by as_of are not checked.

    A money warning (`costper build` exits 3), not an error: an error would publish nothing (the build is all or
    nothing), so a restated bill would freeze every mart and finance could not even see the difference in
    mart_finance_invoice_reconciliation. With a warning the build publishes, the difference is in the mart, and a
    scheduler alerts on exit 3.
-#}
{{ config(
    severity = 'warn',
    tags = ['money'],
    meta = {'explain': "{failures} closed provider-months do not tie to their invoice (beyond invoice_tolerance): "
        ~ "see unexplained_difference in marts.mart_finance_invoice_reconciliation"}
) }}

select
    charge_month,
    provider,
    billing_currency,
    invoice_ids,
    invoice_amount,
    chargeback_cost_cents,
    unexplained_difference
from {{ ref('mart_finance_invoice_reconciliation') }}
where reconciled_against = 'invoice'
    and is_month_closed
    and abs(unexplained_difference) > cast('{{ var("invoice_tolerance", "0.00") }}' as {{ money_type() }})
