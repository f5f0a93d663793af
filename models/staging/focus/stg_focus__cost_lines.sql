{#-
    One row per current line of a FOCUS bill (every line: AI or not), renamed to snake_case, with the model and
    token class parsed where the line names a model. Where a model is named, in order: SkuPriceDetails' ModelId (the
    FOCUS AI draft), a Bedrock usage type ('USE1-Claude3.5Sonnet-input-tokens', in x_UsageType or SkuMeter), a
    Bedrock Marketplace product ('Claude Sonnet 4.5 (Amazon Bedrock Edition)'), else a model id written in the
    meter or description (gpt-4o-2024-08-06, claude-..., gemini-...). The token class matches cache before input:
    'CacheReadInputTokenCount' is a cache read, not an input.
-#}

{%- set usage_type = json_extract_string('_extra', '$.x_UsageType') -%}
{%- set meter_text = "lower(coalesce(" ~ usage_type ~ ", '') || ' ' || coalesce(SkuMeter, '') || ' ' || "
    ~ "coalesce(ChargeDescription, ''))" -%}
{%- set bedrock_usage_type = "'^[A-Za-z0-9]+-(.+?)-(cache-?read-|cache-?write-)?(input|output)-tokens?'" -%}
{%- set marketplace = "'^(.+) \\(amazon bedrock edition\\)'" -%}
{%- set model_in_text = "'(claude-[a-z0-9.-]+|gpt-[a-z0-9.-]+|gemini-[a-z0-9.-]+)'" -%}
{#- what an Azure meter writes after the model: 'gpt-4o-0806-inp-glbl' is gpt-4o-0806 -#}
{%- set meter_suffix = "'-(inp|outp|input|output|cached?|cchd|glbl|gl|regnl|rgnl|dz|dzone|batch|tokens?)([-.].*)?$'" -%}

with

source as (
    select * from {{ source('focus', 'cost_lines') }}
    where not _is_superseded  -- a newer export of the billing period replaces the older one
),

texts as (
    select
        *,
        {{ json_object_or_null('Tags') }} as tags_json,
        {{ json_object_or_null('SkuPriceDetails') }} as sku_price_details_json,
        {{ usage_type }} as usage_type,
        {{ meter_text }} as meter_text
    from source
),

parsed as (
    select
        *,
        {{ json_extract_string('sku_price_details_json', '$.ModelId') }} as detail_model,
        {{ regex_extract('coalesce(usage_type, SkuMeter)', bedrock_usage_type, 1) }} as usage_type_model,
        {{ regex_extract('lower(coalesce(ServiceName, ChargeDescription))', marketplace, 1) }} as marketplace_model,
        {{ regex_extract('meter_text', model_in_text, 1) }} as text_model,
        lower(coalesce(
            'cache ' || {{ json_extract_string('sku_price_details_json', '$.TokenCacheAction') }},
            ''
        ) || ' ' || coalesce({{ json_extract_string('sku_price_details_json', '$.TokenDirection') }}, '')
        || ' ' || meter_text) as token_text
    from texts
),

renamed as (
    select
        ---------- ids
        {{ surrogate_key([
            'BillingAccountId', 'SubAccountId', 'InvoiceId', 'ChargePeriodStart', 'ChargePeriodEnd', 'ChargeCategory',
            'ChargeClass', 'ChargeDescription', 'ChargeFrequency', 'ServiceName', 'SkuId', 'SkuPriceId', 'SkuMeter',
            'ResourceId', 'RegionId', 'AvailabilityZone', 'PricingCategory', 'CommitmentDiscountId',
            'CommitmentDiscountStatus', 'CapacityReservationId', 'AllocatedResourceId', 'Tags', 'BilledCost',
            'EffectiveCost', 'ConsumedQuantity', 'PricingQuantity', 'BillingCurrency', '_extra',
        ]) }} as cost_line_id,
        BillingAccountId as billing_account_id,
        SubAccountId as sub_account_id,
        InvoiceId as invoice_id,
        SkuId as sku_id,
        SkuPriceId as sku_price_id,
        ResourceId as resource_id,
        CommitmentDiscountId as commitment_discount_id,
        -- who made the call, where the export says (AWS FOCUS with IAM principal data); else the resource
        coalesce(
            {{ json_extract_string('_extra', '$.x_IamPrincipal') }},
            {{ json_extract_string('_extra', '$.x_Principal') }},
            ResourceId
        ) as cloud_principal_id,

        ---------- strings
        BillingAccountName as billing_account_name,
        SubAccountName as sub_account_name,
        coalesce(ServiceProviderName, ProviderName) as provider_name,
        PublisherName as publisher_name,
        InvoiceIssuerName as invoice_issuer_name,
        ServiceName as service_name,
        ServiceCategory as service_category,
        ServiceSubcategory as service_subcategory,
        ChargeCategory as charge_category,
        ChargeClass as charge_class,
        ChargeDescription as charge_description,
        ChargeFrequency as charge_frequency,
        PricingCategory as pricing_category,
        SkuMeter as sku_meter,
        usage_type,
        ResourceName as resource_name,
        RegionId as region_id,
        upper(BillingCurrency) as billing_currency,
        upper(PricingCurrency) as pricing_currency,
        ConsumedUnit as consumed_unit,
        PricingUnit as pricing_unit,
        tags_json as tags,
        sku_price_details_json as sku_price_details,
        ContractApplied as contract_applied,
        -- 'Claude3.5Sonnet' -> claude-3-5-sonnet; 'Claude Sonnet 4.5' -> claude-sonnet-4-5; dots in Claude versions
        -- become hyphens (canonical_model does the same downstream), an OpenAI name keeps its dots
        lower(coalesce(
            detail_model,
            replace({{ regex_replace(regex_replace('usage_type_model', "'([a-z])([A-Z0-9])'", "'\\1-\\2'"),
                "'([0-9])([A-Z])'", "'\\1-\\2'") }}, '.', '-'),
            replace(replace(trim(marketplace_model), ' ', '-'), '.', '-'),
            {{ regex_replace('text_model', meter_suffix, "''") }}
        )) as model_name,
        case
            when {{ regex_matches('token_text', "'cache[ _-]?read|cached'") }} then 'cache_read'
            when {{ regex_matches('token_text', "'cache[ _-]?(write|creation)'") }} then 'cache_write'
            when {{ regex_matches('token_text', "'input|prompt|inp[ _-]'") }} then 'input'
            when {{ regex_matches('token_text', "'output|completion|outp[ _-]'") }} then 'output'
        end as parsed_token_type,

        ---------- booleans
        coalesce({{ regex_matches("lower(coalesce(ConsumedUnit, ''))", "'tokens?$'") }}, false) as is_token_unit,

        ---------- numerics
        BilledCost as billed_cost,
        EffectiveCost as effective_cost,
        ListCost as list_cost,
        ContractedCost as contracted_cost,
        PricingCurrencyEffectiveCost as pricing_currency_effective_cost,
        ConsumedQuantity as consumed_quantity,
        PricingQuantity as pricing_quantity,

        ---------- timestamps
        ChargePeriodStart as charge_period_start_at,
        ChargePeriodEnd as charge_period_end_at,
        {{ utc_date('ChargePeriodStart') }} as charge_date,
        BillingPeriodStart as billing_period_start_at,
        BillingPeriodEnd as billing_period_end_at,

        ---------- lineage
        _file_sha256,
        _row_number

    from parsed
)

select * from renamed
