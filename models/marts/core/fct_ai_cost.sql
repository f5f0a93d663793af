{#-
    One row per AI cost line (x_is_ai) after billed-to-usage distribution, in FOCUS columns plus x_ extensions, resolved to
    person and team on the charge date (int_cost__lines_resolved). The public contract of the cost lines.
-#}
{{ window_replace_config('cost', 'x_charge_date') }}


with

resolved_lines as (
    select * from {{ ref('int_cost__lines_resolved') }}
    where {{ in_incremental_window('x_charge_date', 'cost') }}
        and x_is_ai
),

final as (
    select
        cost_line_id,
        source_cost_line_id,
        x_source,
        ProviderName,
        ServiceProviderName,
        ServiceName,
        ServiceCategory,
        ChargeCategory,
        ChargeDescription,
        ChargePeriodStart,
        ChargePeriodEnd,
        x_charge_date,
        BilledCost,
        EffectiveCost,
        ListCost,
        BillingCurrency,
        x_cost_reporting,
        x_reporting_currency,
        x_cost_is_estimated,
        x_estimated_cost,
        SubAccountId,
        SkuId,
        SkuMeter,
        ConsumedQuantity,
        ConsumedUnit,
        Tags,
        x_model,
        x_model_canonical,
        x_token_type,
        x_cache_ttl,
        x_principal_kind,
        x_principal_id,
        x_person_id,
        x_team_id,
        x_outcome_refs,
        x_is_ai,
        x_distribution
    from resolved_lines
)

select * from final
