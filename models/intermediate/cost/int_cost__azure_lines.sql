{#-
    Azure cost lines in the cost-line contract: every row of the bill as billed. Azure OpenAI / Foundry / Cognitive
    Services meters are AI (x_is_ai) with the meter's model and token class; everything else is kept with x_is_ai
    false. The bill knows resources, not deployments or keys: the principal is the resource (cloud_principal), the
    sub-account the subscription, and a resource tag `team` is the team hint.
-#}
{{ window_replace_config('cost', 'charge_date') }}


with

cost_details as (
    select * from {{ ref('stg_azure__cost_details') }}
    where {{ in_incremental_window('charge_date', 'cost') }}
),

final as (
    select
        cost_line_id,
        cost_line_id as source_cost_line_id,
        'azure_cost_details' as x_source,
        'microsoft' as provider,
        'Microsoft' as provider_name,
        coalesce(meter_category, consumed_service, 'Azure') as service_name,
        meter_name as charge_description,
        charge_period_start_at,
        charge_period_end_at,
        charge_date,
        billed_cost,
        billing_currency,
        subscription_id as sub_account_id,
        'cloud_account' as sub_account_kind,
        consumed_quantity,
        consumed_unit,
        model_name,
        provider_token_type,
        case
            when not is_ai then null
            when provider_token_type = 'cached input' then 'cache_read'
            when provider_token_type in ('input', 'output') then provider_token_type
            else 'other'
        end as x_token_type,
        cast(null as {{ dbt.type_string() }}) as cache_ttl,
        case when resource_id is not null then 'cloud_principal' else 'cloud_account' end as principal_kind,
        coalesce(lower(resource_id), subscription_id, billing_account_id, 'azure') as principal_id,
        'billed_line' as distribution,
        false as is_list_priceable,  -- Azure's own prices; the seed holds the model providers' list prices
        case
            when is_ai then 'AI and Machine Learning'
            when service_family in ('Compute', 'Storage', 'Networking', 'Databases', 'Analytics', 'Security')
                then service_family
            else 'Other'
        end as service_category,
        case lower(charge_type)
            when 'usage' then 'Usage'
            when 'unusedreservation' then 'Usage'
            when 'unusedsavingsplan' then 'Usage'
            when 'purchase' then 'Purchase'
            when 'refund' then 'Credit'
            when 'tax' then 'Tax'
            when 'roundingadjustment' then 'Adjustment'
        end as charge_category,
        cast(null as {{ money_type() }}) as effective_cost,
        cast(null as {{ money_type() }}) as list_cost,
        tags,
        {{ json_extract_string('tags', '$.team') }} as team_hint,
        is_ai as x_is_ai,
        false as x_cost_is_estimated,
        cast(null as {{ money_type() }}) as estimated_cost
    from cost_details
)

select * from final
