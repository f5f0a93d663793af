{#-
    What the premium request report covers: each billing entity x SKU x period (day, month or year) it has lines
    for. The general billing usage report (int_cost__copilot_lines) drops its own lines of a covered SKU and period:
    the premium request report is the more detailed of the two (by model, and by user where asked), so loading
    both never bills a premium request twice. Only the organisation's (or enterprise's) unfiltered report covers:
    a report asked for one user, one model or one product holds only part of the period's premium requests, so
    beside the usage report it must not drop the rest.
-#}
with

lines as (
    select * from {{ ref('stg_github__copilot_premium_requests') }}
),

final as (
    select distinct
        billing_entity,
        sku_key,
        period_grain,
        charge_period_start_at as period_start_at
    from lines
    where username_normalized is null and report_model is null and report_product is null
)

select * from final
