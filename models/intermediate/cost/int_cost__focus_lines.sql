{#-
    FOCUS bill lines in the cost-line contract, one row per line, every line kept: a FOCUS file is a whole cloud
    bill, so its compute and storage stay as non-AI lines (x_is_ai false) for the finance marts. A line is AI spend
    when the provider puts it in ServiceCategory 'AI and Machine Learning' or the focus_ai_services seed names its
    service (Bedrock, Azure OpenAI, Vertex AI, Claude via a marketplace). The principal is the caller or resource
    the line names (cloud_principal), else its sub-account; a tag team / Team / costper-team is its team hint.
-#}

with

lines as (
    select * from {{ ref('stg_focus__cost_lines') }}
),

ai_services as (
    select * from {{ ref('focus_ai_services') }}
),

ai_lines as (
    select distinct lines.cost_line_id
    from lines
    inner join ai_services
        on (
            lower(lines.provider_name) like ai_services.provider_pattern
            or lower(lines.publisher_name) like ai_services.provider_pattern
        )
        and (
            lower(lines.service_name) like ai_services.service_pattern
            or lower(lines.sku_meter) like ai_services.service_pattern
            or lower(lines.charge_description) like ai_services.service_pattern
        )
),

classified as (
    select
        lines.*,
        coalesce(lines.service_category = 'AI and Machine Learning', false)
        or ai_lines.cost_line_id is not null as x_is_ai
    from lines
    left join ai_lines
        on lines.cost_line_id = ai_lines.cost_line_id
),

final as (
    select
        cost_line_id,
        cost_line_id as source_cost_line_id,
        'focus' as x_source,
        -- the provider's lower-case id, as invoices and prices name it
        case
            when lower(provider_name) in ('aws', 'amazon web services', 'amazon') then 'aws'
            when lower(provider_name) like 'microsoft%' or lower(provider_name) like 'azure%' then 'microsoft'
            when lower(provider_name) like 'google%' or lower(provider_name) = 'gcp' then 'google'
            when lower(provider_name) like 'oracle%' or lower(provider_name) = 'oci' then 'oracle'
            else {{ regex_replace("lower(coalesce(provider_name, 'unknown'))", "'[^a-z0-9]+'", "''") }}
        end as provider,
        provider_name,
        service_name,
        charge_description,
        charge_period_start_at,
        charge_period_end_at,
        charge_date,
        billed_cost,
        billing_currency,
        coalesce(sub_account_id, billing_account_id) as sub_account_id,
        'cloud_account' as sub_account_kind,
        -- a unit of '1000 Tokens' or '1M Tokens' counts thousands or millions
        case
            when {{ regex_matches("lower(consumed_unit)", "'^(1000|1k) ?tokens?$'") }}
                then cast(consumed_quantity * 1000 as {{ money_type() }})
            when {{ regex_matches("lower(consumed_unit)", "'^(1000000|1m) ?tokens?$'") }}
                then cast(consumed_quantity * 1000000 as {{ money_type() }})
            else consumed_quantity
        end as consumed_quantity,
        case when is_token_unit then 'Tokens' else consumed_unit end as consumed_unit,
        case when x_is_ai then model_name end as model_name,
        case when x_is_ai then coalesce(usage_type, sku_meter) end as provider_token_type,
        case
            when not x_is_ai then null
            when parsed_token_type is not null and (model_name is not null or is_token_unit) then parsed_token_type
            else 'other'
        end as x_token_type,
        cast(null as {{ dbt.type_string() }}) as cache_ttl,
        case when cloud_principal_id is not null then 'cloud_principal' else 'cloud_account' end as principal_kind,
        coalesce(cloud_principal_id, sub_account_id, billing_account_id) as principal_id,
        'billed_line' as distribution,
        -- the bill carries its own ListCost; the seed's prices are the model vendors', not a cloud's
        false as is_list_priceable,
        service_category,
        charge_category,
        effective_cost,
        list_cost,
        tags,
        coalesce(
            -- a key with a hyphen has no JSON path every engine reads: read it from the text
            {{ regex_extract('tags', "'\"costper-team\"\\s*:\\s*\"([^\"]+)\"'", 1) }},
            {{ json_extract_string('tags', '$.team') }},
            {{ json_extract_string('tags', '$.Team') }}
        ) as team_hint,
        x_is_ai,
        false as x_cost_is_estimated,
        cast(null as {{ money_type() }}) as estimated_cost
    from classified
)

select * from final
