{#-
    One row per current CUR 2.0 line item, every service, with the Bedrock model, token class and tier parsed out of
    the usage type and the product map. Usage types look like USE1-Nova2.0Lite-input-tokens-flex,
    USW2-Claude4.5Haiku-cache-write-input-token-count-cross-region-global, USE1-openai.gpt-oss-120b-mantle-input-
    tokens-standard, or, for Claude sold through the Marketplace, USW2-MP:USW2_CacheReadInputTokenCount-Units. A
    cache usage type contains 'input-token', so cache read and cache write are tested before input.
-#}
{#- its tests check the days an incremental build rebuilt (macros/incremental/tests_in_window.sql) -#}
{{ config(incremental_window='cost', window_column='charge_date') }}

{%- set usage_type = 'lower(line_item_usage_type)' -%}
{%- set unit = 'lower(trim(pricing_unit))' -%}
{#- the model billing name of a first-party usage type: after the region prefix, before the token class -#}
{%- set usage_type_model = regex_extract(
    'line_item_usage_type', "'^[A-Za-z0-9]+-(.+?)-(mantle-)?(input|output|cache-read|cache-write)-'", 1
) -%}
{%- set bedrock_edition = "'[(]Amazon Bedrock Edition[)]$'" -%}
{%- set marketplace_model = regex_replace(
    json_extract_string('product', '$.product_name'), "' *[(]Amazon Bedrock Edition[)]$'", "''"
) -%}

with

source as (
    select * from {{ source('aws', 'cur_lines') }}
    where not _is_superseded  -- a refreshed export replaces the billing period
),

renamed as (
    select
        ---------- ids
        {{ surrogate_key([
            "'aws_cur'", 'bill_payer_account_id', 'identity_line_item_id', 'identity_time_interval',
            'line_item_usage_account_id', 'line_item_line_item_type', 'line_item_product_code',
            'line_item_usage_type', 'line_item_operation', 'line_item_resource_id', 'line_item_usage_start_date',
            'line_item_usage_end_date', 'line_item_line_item_description', '_extra',
        ]) }} as cost_line_id,
        bill_payer_account_id as payer_account_id,
        line_item_usage_account_id as usage_account_id,
        nullif(trim(line_item_iam_principal), '') as iam_principal_arn,
        line_item_resource_id as resource_id,
        bill_invoice_id as invoice_id,

        ---------- strings
        line_item_line_item_type as line_item_type,
        line_item_product_code as product_code,
        line_item_usage_type as usage_type,
        line_item_operation as operation,
        line_item_line_item_description as charge_description,
        bill_billing_entity as billing_entity,
        line_item_legal_entity as legal_entity,
        upper(line_item_currency_code) as billing_currency,
        pricing_unit,
        product_product_family as product_family,
        {{ json_extract_string('product', '$.product_name') }} as product_name,
        coalesce({{ json_extract_string('product', '$.servicename') }}, product_servicecode, line_item_product_code)
            as service_name,
        {{ json_extract_string('product', '$.model') }} as product_model,
        {{ json_extract_string('product', '$.inference_type') }} as product_inference_type,
        -- the model as written: the product map's model (2026-07 on), a Marketplace product's name, the usage type's
        -- billing name (Claude4.5Haiku, Nova2.0Lite, Llama3.3-70B, openai.gpt-oss-120b)
        coalesce(
            {{ json_extract_string('product', '$.model') }},
            case
                when {{ regex_matches(json_extract_string('product', '$.product_name'), bedrock_edition) }}
                    then {{ marketplace_model }}
            end,
            {{ usage_type_model }}
        ) as model_billing_name,
        -- the provider's own word for the token class, as the usage type spells it (lower-case)
        {{ regex_extract(usage_type, "'(cache[-_]?(read|write)[-_]?)?(input|output)[-_]?tokens?([-_]?count)?'") }}
            as provider_token_type,
        case
            when {{ regex_matches(usage_type, "'cache[-_]?read'") }} then 'cache_read'
            when {{ regex_matches(usage_type, "'cache[-_]?write'") }} then 'cache_write'
            when {{ regex_matches(usage_type, "'input[-_]?token'") }} then 'input'
            when {{ regex_matches(usage_type, "'output[-_]?token'") }} then 'output'
        end as token_class,
        case
            when {{ regex_matches(usage_type, "'latency[-_]?optimized'") }} then 'latency_optimized'
            when {{ regex_matches(usage_type, "'[-_]flex([-_]|$)'") }} then 'flex'
            when {{ regex_matches(usage_type, "'[-_]priority([-_]|$)'") }} then 'priority'
            else 'standard'
        end as service_tier,
        nullif(cast(resource_tags as {{ dbt.type_string() }}), '{}') as resource_tags_text,
        -- a team the resource's cost-allocation tags name (team, costper-team; user-defined keys carry user_)
        coalesce(
            {{ json_extract_string('resource_tags', '$.user_team') }},
            {{ json_extract_string('resource_tags', '$.user_costper_team') }},
            {{ json_extract_string('resource_tags', '$.team') }},
            {{ json_extract_string('resource_tags', '$.costper_team') }}
        ) as tag_team,

        ---------- booleans
        -- Bedrock (first party and open weight), its agents and knowledge bases, and the Marketplace models it sells
        coalesce(
            line_item_product_code like 'AmazonBedrock%'
            or product_product_family = 'Amazon Bedrock'
            or lower({{ json_extract_string('product', '$.servicename') }}) like '%bedrock%'
            or {{ json_extract_string('product', '$.product_name') }} like '%(Amazon Bedrock Edition)%'
            or line_item_line_item_description like '%(Amazon Bedrock Edition)%',
            false
        ) as is_bedrock,
        coalesce({{ regex_matches(usage_type, "'[-_]batch([-_]|$)'") }}, false) as is_batch,
        coalesce({{ regex_matches(usage_type, "'cross-region|[-_]global([-_]|$)'") }}, false) as is_cross_region,
        coalesce({{ regex_matches(usage_type, "'long[-_]?context'") }}, false) as is_long_context,

        ---------- numerics
        line_item_unblended_cost as billed_cost,
        line_item_net_unblended_cost as net_unblended_cost,
        pricing_public_on_demand_cost as public_on_demand_cost,
        line_item_usage_amount as usage_amount,
        -- tokens per unit of usage_amount: Bedrock prices per 1K or 1M tokens, or per token
        case
            when {{ regex_matches(unit, "'^(1 ?)?k tokens?$|^1,?000 tokens?$'") }} then 1000
            when {{ regex_matches(unit, "'^(1 ?)?m tokens?$|^1,?000,?000 tokens?$'") }} then 1000000
            when {{ regex_matches(unit, "'^tokens?$'") }} then 1
        end as tokens_per_unit,

        ---------- timestamps
        line_item_usage_start_date as charge_period_start_at,
        line_item_usage_end_date as charge_period_end_at,
        {{ utc_date('line_item_usage_start_date') }} as charge_date,
        bill_billing_period_start_date as billing_period_start_at,

        ---------- lineage
        _file_sha256,
        _row_number

    from source
)

select * from renamed
