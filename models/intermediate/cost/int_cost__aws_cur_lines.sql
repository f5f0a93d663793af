{#-
    AWS CUR 2.0 lines in the cost-line contract, one per billed line, every service: Bedrock and the Marketplace
    models it sells (Claude '(Amazon Bedrock Edition)') are AI spend (x_is_ai), the rest of the bill (EC2, S3, tax,
    support) stays for the finance view. The model is the provider's id made from AWS's name for it: 'Claude Sonnet
    4.6', 'Claude 3.5 Sonnet (Amazon Bedrock Edition)' and the billing name Claude4.5Haiku become claude-sonnet-4-6,
    claude-3-5-sonnet and claude-haiku-4-5 (Claude 4 and later put the family before the version); Nova2.0Lite
    becomes nova-2.0-lite; a mantle id loses its provider prefix (openai.gpt-oss-120b -> gpt-oss-120b). Token
    quantities are multiplied out of 1K / 1M token units. The principal is the calling IAM principal where the
    export has it, else the member account; a team the resource's tags name is the team hint.
-#}
{{ window_replace_config('cost', 'charge_date') }}

{%- set spaced = regex_replace(regex_replace(
    'cur_lines.model_billing_name', "'([a-z0-9])([A-Z][a-z])'", "'\\1-\\2'"
), "'([A-Za-z])([0-9])'", "'\\1-\\2'") -%}
{%- set hyphenated = regex_replace(
    regex_replace('lower(trim(' ~ spaced ~ '))', "'[ _]+'", "'-'"), "'^[a-z]+[.]'", "''"
) -%}
{#- Claude 4 and later: claude-4.5-haiku -> claude-haiku-4.5; Claude 3.x keeps its version first -#}
{%- set claude_ordered = regex_replace(hyphenated, "'^claude-([4-9][0-9.]*)-([a-z]+)'", "'claude-\\2-\\1'") -%}

with

cur_lines as (
    select * from {{ ref('stg_aws__cur_lines') }}
    where {{ in_incremental_window('charge_date', 'cost') }}
),

lines_named as (
    select
        cur_lines.*,
        case
            when not cur_lines.is_bedrock then null
            when {{ claude_ordered }} like 'claude%' then replace({{ claude_ordered }}, '.', '-')
            else {{ claude_ordered }}
        end as model_name
    from cur_lines
),

final as (
    select
        cost_line_id,
        cost_line_id as source_cost_line_id,
        'aws_cur' as x_source,
        'aws' as provider,
        'AWS' as provider_name,
        service_name,
        charge_description,
        charge_period_start_at,
        charge_period_end_at,
        charge_date,
        billed_cost,
        billing_currency,
        usage_account_id as sub_account_id,
        'cloud_account' as sub_account_kind,
        case
            when token_class is not null and tokens_per_unit is not null
                then cast(usage_amount * tokens_per_unit as {{ money_type() }})
            else usage_amount
        end as consumed_quantity,
        case when token_class is not null and tokens_per_unit is not null then 'Tokens' else pricing_unit end
            as consumed_unit,
        model_name,
        case when is_bedrock then provider_token_type end as provider_token_type,
        case when is_bedrock then coalesce(token_class, 'other') end as x_token_type,
        cast(null as {{ dbt.type_string() }}) as cache_ttl,
        case when iam_principal_arn is not null then 'cloud_principal' else 'cloud_account' end as principal_kind,
        coalesce(iam_principal_arn, usage_account_id) as principal_id,
        'billed_line' as distribution,
        -- AWS states the public on-demand cost itself (list_cost), so no seed price is needed
        false as is_list_priceable,
        case
            when is_bedrock then 'AI and Machine Learning'
            when product_code in ('AmazonSageMaker', 'AmazonComprehend', 'AmazonRekognition', 'AmazonTextract')
                then 'AI and Machine Learning'
            when product_family = 'Storage' or product_code in ('AmazonS3', 'AmazonEFS', 'AmazonGlacier') then 'Storage'
            when product_code in ('AmazonEC2', 'AWSLambda', 'AmazonECS', 'AmazonEKS') then 'Compute'
            when product_code in ('AmazonRDS', 'AmazonDynamoDB', 'AmazonElastiCache') then 'Databases'
            when product_code in ('AmazonVPC', 'AWSDataTransfer', 'AmazonCloudFront') then 'Networking'
            else 'Other'
        end as service_category,
        case
            when line_item_type = 'Tax' then 'Tax'
            when line_item_type in ('Credit', 'Refund') then 'Credit'
            when line_item_type in ('Fee', 'RIFee', 'SavingsPlanUpfrontFee', 'SavingsPlanRecurringFee') then 'Purchase'
            when line_item_type in ('Usage', 'SavingsPlanCoveredUsage', 'DiscountedUsage') then 'Usage'
            else 'Adjustment'  -- SavingsPlanNegation, discounts
        end as charge_category,
        net_unblended_cost as effective_cost,
        public_on_demand_cost as list_cost,
        resource_tags_text as tags,
        tag_team as team_hint,
        is_bedrock as x_is_ai,
        false as x_cost_is_estimated,
        cast(null as {{ money_type() }}) as estimated_cost
    from lines_named
)

select * from final
