{#-
    Azure cost details, one row per current line (resource x meter x day x pricing model x charge type), with the
    meter parsed to model, token class and deployment type, the unit's multiplier applied ('1K', '10K', '1M',
    '1000 Tokens': consumed_quantity in tokens) and brace-less Tags repaired to a JSON object.
-#}
{{ config(incremental_window='cost', window_column='charge_date') }}

{%- set sep = "[ _-]" -%}
{%- set cached = "(cached|cchd|ccchd|cd)" -%}
{%- set token_class = "(inp|inpt|input|outp|outpt|output|opt)" -%}
{#- 'gpt 4o 0513 Batch Inp glbl Tokens' -> 'gpt 4o 0513': what comes before the batch, cache and token-class words -#}
{%- set model_pattern = "'^(.*?)" ~ sep ~ "+(batch" ~ sep ~ "+)?(" ~ cached ~ sep ~ "+)?"
    ~ token_class ~ "(" ~ sep ~ "|$)'" -%}

with

source as (
    select * from {{ source('azure', 'cost_details') }}
    where not _is_superseded  -- a month-close restatement replaces the older export of the period
),

parsed as (
    select
        *,
        lower(trim(meter_name)) as meter_text,
        lower(trim(unit_of_measure)) as unit_text,
        nullif(trim(tags), '') as tags_text,
        coalesce(
            lower(meter_category) in ('foundry models', 'cognitive services', 'azure openai', 'foundry tools')
            or lower(consumed_service) = 'microsoft.cognitiveservices'
            or lower(meter_sub_category) like '%openai%',
            false
        ) as is_ai_meter
    from source
),

classified as (
    select
        *,
        case
            when not is_ai_meter then null
            when {{ regex_matches('meter_text', "'(^|" ~ sep ~ ")" ~ cached ~ "(" ~ sep ~ "|$)'") }} then 'cached input'
            when {{ regex_matches('meter_text', "'(^|" ~ sep ~ ")(outp|outpt|output|opt)(" ~ sep ~ "|$)'") }}
                then 'output'
            when {{ regex_matches('meter_text', "'(^|" ~ sep ~ ")(inp|inpt|input)(" ~ sep ~ "|$)'") }} then 'input'
        end as token_class,
        {{ regex_extract('unit_text', "'^([0-9]+)'", 1) }} as unit_number,
        {{ regex_extract('unit_text', "'^[0-9]+ ?([km])( |$)'", 1) }} as unit_suffix
    from parsed
),

renamed as (
    select
        ---------- ids
        {{ surrogate_key([
            "'azure'", 'usage_date', 'billing_period_start', 'billing_account_id', 'subscription_id', 'resource_id',
            'meter_id', 'meter_name', 'unit_of_measure', 'pricing_model', 'charge_type', 'benefit_name', '_extra',
        ]) }} as cost_line_id,
        billing_account_id,
        billing_profile_id,
        subscription_id,
        resource_group,
        resource_id,
        meter_id,

        ---------- strings
        billing_account_name,
        invoice_section_name,
        subscription_name,
        resource_location,
        meter_name,
        meter_category,
        meter_sub_category,
        meter_region,
        product_name,
        consumed_service,
        service_family,
        unit_of_measure,
        pricing_model,
        charge_type,
        publisher_type,
        publisher_name,
        benefit_name,
        upper(billing_currency) as billing_currency,
        case when token_class is not null then lower({{ regex_replace(
            'trim(' ~ regex_extract('meter_text', model_pattern, 1) ~ ')', "'[ _]+'", "'-'"
        ) }}) end as model_name,
        token_class as provider_token_type,
        case
            when not is_ai_meter then null
            when {{ regex_matches('meter_text', "'(^|" ~ sep ~ ")(dz|dzone|data zone)(" ~ sep ~ "|$)'") }}
                then 'data_zone'
            when {{ regex_matches('meter_text', "'(^|" ~ sep ~ ")(regnl|regional|rgnl)(" ~ sep ~ "|$)'") }}
                then 'regional'
            when {{ regex_matches('meter_text', "'(^|" ~ sep ~ ")(glbl|gl|global)(" ~ sep ~ "|$)'") }} then 'global'
        end as deployment_type,
        case
            when token_class is not null then 'Tokens'
            else nullif({{ regex_replace('trim(unit_of_measure)', "'^[0-9]+( ?[kKmM]( |$))?[ /]*'", "''") }}, '')
        end as consumed_unit,
        -- '"team": "data"' (EA) is a JSON object without its braces; anything else that is not an object is dropped
        {{ json_object_or_null(
            "case when tags_text like '{%' then tags_text when tags_text is not null then '{' || tags_text || '}' end"
        ) }} as tags,

        ---------- booleans
        is_ai_meter as is_ai,
        coalesce({{ regex_matches('meter_text', "'(^|" ~ sep ~ ")batch(" ~ sep ~ "|$)'") }}, false) as is_batch,

        ---------- numerics
        cost_in_billing_currency as billed_cost,
        cost_in_usd,
        quantity,
        effective_price,
        unit_price,
        -- the meter's unit: '1K' and '1000 Tokens' are 1000 of the base unit, '1M' a million
        coalesce(cast(unit_number as {{ dbt.type_bigint() }}), 1)
        * case unit_suffix when 'k' then 1000 when 'm' then 1000000 else 1 end as unit_multiplier,

        ---------- timestamps
        usage_date as charge_date,
        {{ date_to_utc_timestamp('usage_date') }} as charge_period_start_at,
        {{ date_to_utc_timestamp(dbt.dateadd('day', 1, 'usage_date')) }} as charge_period_end_at,
        billing_period_start,
        billing_period_end,

        ---------- lineage
        _file_sha256,
        _row_number

    from classified
),

final as (
    select
        *,
        cast(quantity * unit_multiplier as {{ money_type() }}) as consumed_quantity
    from renamed
)

select * from final
