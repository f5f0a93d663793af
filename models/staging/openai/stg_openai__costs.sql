{#- its tests check the days an incremental build rebuilt (macros/incremental/tests_in_window.sql) -#}
{{ config(incremental_window='cost', window_column='charge_date') }}

{%- set line_item_pattern = "'^(priority \\| )?([^,]+), ([^,]+)(, long context)?$'" -%}

with

source as (
    select * from {{ source('openai', 'costs') }}
    where not _is_superseded  -- a restatement replaces the older export
),

renamed as (
    select
        ---------- ids
        {{ surrogate_key([
            "'openai'", 'bucket_start_time', 'bucket_end_time', 'project_id', 'api_key_id', 'line_item',
            'quantity_unit',
        ]) }} as cost_line_id,
        project_id,
        api_key_id,
        -- an ungrouped export names no project or key; real pages then carry the organisation's id
        {{ json_extract_string('_extra', '$.organization_id') }} as organization_id,

        ---------- strings
        line_item as charge_description,
        -- 'priority | gpt-5-2025-08-07, output, long context' -> model gpt-5-2025-08-07, piece output;
        -- a line item without a model ('web search tool calls') is all piece
        lower({{ regex_extract('line_item', line_item_pattern, 2) }}) as model_name,
        lower(coalesce({{ regex_extract('line_item', line_item_pattern, 3) }}, line_item)) as charge_piece,
        upper(amount_currency) as billing_currency,
        quantity_unit,

        ---------- booleans
        coalesce({{ regex_matches('line_item', "'^priority \\| '") }}, false) as is_priority,
        coalesce({{ regex_matches('line_item', "', long context$'") }}, false) as is_long_context,

        ---------- numerics
        amount_value as billed_cost,  -- dollars already
        quantity,

        ---------- timestamps
        bucket_start_time as charge_period_start_at,
        bucket_end_time as charge_period_end_at,
        {{ utc_date('bucket_start_time') }} as charge_date,

        ---------- lineage
        _file_sha256,
        _row_number

    from source
)

select * from renamed
