{#-
    GCP billing export rows, one row per current export row, with the SKU parsed to model and token class (Gemini
    SKUs name both, in either word order: 'Gemini 2.5 Pro Input Text Tokens', 'Generate content input token count
    Gemini 1.5 Flash'), the consumed quantity in tokens (usage.amount when it counts tokens, else the pricing units
    times the pricing unit's size) and the labels as tags. A label `costper-pr` holding '<owner>_<repo>_<number>'
    (label values allow neither '/' nor '#') becomes the outcome reference 'owner/repo#number' in the tags.
    Credits stay in their slots here; int_cost__gcp_lines makes each its own line.
-#}
{{ config(incremental_window='cost', window_column='charge_date') }}

{%- set pr_label = "'^([a-z0-9-]+)_(.+)_([0-9]+)$'" -%}

with

source as (
    select * from {{ source('gcp', 'billing_export') }}
    where not _is_superseded  -- a newer export of the invoice month replaces the older one
),

parsed as (
    select
        *,
        lower(sku_description) as sku_text,
        lower(trim(usage_pricing_unit)) as pricing_unit_text,
        {{ json_object_or_null('cast(labels as ' ~ dbt.type_string() ~ ')') }} as labels_text,
        {{ json_object_or_null('cast(project_labels as ' ~ dbt.type_string() ~ ')') }} as project_labels_text,
        coalesce(
            lower(service_description) in ('vertex ai', 'gemini api', 'generative language api')
            or lower(sku_description) like '%gemini%',
            false
        ) as is_ai_service
    from source
),

classified as (
    select
        *,
        case
            when not is_ai_service then null
            when {{ regex_matches('sku_text', "'cach(e|ing) storage'") }} then 'cache storage'
            when {{ regex_matches('sku_text', "'(^| )(caching|cached|cache)( |$)'") }} then 'cached input'
            when {{ regex_matches('sku_text', "'(^| )output( |$)'") }} then 'output'
            when {{ regex_matches('sku_text', "'(^| )input( |$)'") }} then 'input'
        end as token_class,
        {{ regex_extract(
            'sku_text', "'(gemini[ -][0-9]+([.][0-9]+)?[ -](flash[ -]lite|flash|pro|ultra|nano))'", 1
        ) }} as gemini_model,
        {{ json_extract_string('labels_text', '$.costper-pr') }} as pr_label,
        -- the pricing unit's size: 'count1e6' is a million, '1000 count' a thousand
        case
            when {{ regex_matches('pricing_unit_text', "'1e6$'") }} then 1000000
            when {{ regex_matches('pricing_unit_text', "'1e3$'") }} then 1000
            else cast(
                    coalesce(
                        {{ regex_extract('pricing_unit_text', "'^([0-9]+) '", 1) }}, '1'
                    ) as {{ dbt.type_bigint() }}
                )
        end as pricing_unit_multiplier
    from parsed
),

renamed as (
    select
        ---------- ids
        {{ surrogate_key([
            "'gcp'", 'billing_account_id', 'service_id', 'sku_id', 'usage_start_time', 'usage_end_time', 'project_id',
            'labels', 'location_region', 'resource_name', 'cost_type', 'invoice_month', 'export_time', 'cost',
            'usage_amount', 'credits', '_extra',
        ]) }} as export_row_id,
        billing_account_id,
        service_id,
        sku_id,
        project_id,
        resource_name,

        ---------- strings
        service_description,
        sku_description,
        project_name,
        location_region,
        cost_type,
        invoice_month,
        upper(currency) as billing_currency,
        case when token_class is not null then {{ regex_replace('gemini_model', "'[ ]+'", "'-'") }} end
            as model_name,
        token_class as provider_token_type,
        case
            when token_class is not null and token_class <> 'cache storage' then 'Tokens'
            else usage_unit
        end as consumed_unit,
        case
            when labels_text = '{}' then null
            when {{ regex_extract('pr_label', pr_label, 3) }} is null then labels_text
            else '{"x_outcome_ref": "' || {{ regex_extract('pr_label', pr_label, 1) }} || '/'
                || {{ regex_extract('pr_label', pr_label, 2) }} || '#' || {{ regex_extract('pr_label', pr_label, 3) }}
                || '", ' || substr(labels_text, 2)
        end as tags,
        coalesce(
            {{ json_extract_string('labels_text', '$.team') }},
            {{ json_extract_string('project_labels_text', '$.team') }}
        ) as team_hint,
        credit_1_name,
        credit_1_type,
        credit_2_name,
        credit_2_type,
        credit_3_name,
        credit_3_type,
        credit_4_name,
        credit_4_type,
        credit_5_name,
        credit_5_type,
        credit_6_name,
        credit_6_type,

        ---------- booleans
        is_ai_service as is_ai,
        coalesce({{ regex_matches('sku_text', "'batch'") }}, false) as is_batch,
        coalesce({{ regex_matches('sku_text', "'[(]long[)]|priority|flex'") }}, false) as is_non_standard_tier,

        ---------- numerics
        cost as billed_cost,
        credit_1_amount,
        credit_2_amount,
        credit_3_amount,
        credit_4_amount,
        credit_5_amount,
        credit_6_amount,
        cost + coalesce(credit_1_amount, 0) + coalesce(credit_2_amount, 0) + coalesce(credit_3_amount, 0)
        + coalesce(credit_4_amount, 0) + coalesce(credit_5_amount, 0) + coalesce(credit_6_amount, 0) as net_cost,
        case
            when token_class is null or token_class = 'cache storage' then usage_amount
            when lower(usage_unit) in ('count', 'token', 'tokens') then usage_amount
            else cast(usage_amount_in_pricing_units * pricing_unit_multiplier as {{ money_type() }})
        end as consumed_quantity,
        currency_conversion_rate,

        ---------- timestamps
        usage_start_time as charge_period_start_at,
        usage_end_time as charge_period_end_at,
        {{ utc_date('usage_start_time') }} as charge_date,
        export_time,

        ---------- lineage
        _file_sha256,
        _row_number

    from classified
)

select * from renamed
