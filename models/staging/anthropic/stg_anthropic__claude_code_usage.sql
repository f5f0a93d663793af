{#-
    One row per current Claude Code actor, UTC day and model: tokens by class and Anthropic's ESTIMATED cost at
    list price, its cents (a string or a number, read from the JSON text) in dollars with * 0.01.
-#}
{{ config(incremental_window='cost', window_column='usage_date') }}

with

actor_days as (
    select * from {{ ref('stg_anthropic__claude_code_activity') }}
),

breakdown as (
    {{ json_list_elements('actor_days', ['actor_day_id'], 'model_breakdown', 'model_usage') }}
),

renamed as (
    select
        ---------- ids
        {{ surrogate_key(['breakdown.actor_day_id', json_extract_string('breakdown.model_usage', '$.model')]) }}
            as usage_row_id,
        breakdown.actor_day_id,
        actor_days.organization_id,

        ---------- strings
        actor_days.actor_type,
        actor_days.actor_email,
        actor_days.actor_api_key_name,
        actor_days.principal_kind,
        actor_days.principal_id,
        actor_days.terminal_type,
        lower({{ json_extract_string('breakdown.model_usage', '$.model') }}) as model_name,
        upper({{ json_extract_string('breakdown.model_usage', '$.estimated_cost.currency') }}) as currency,

        ---------- numerics
        {{ cents_to_units(
            'cast(' ~ json_extract_string('breakdown.model_usage', '$.estimated_cost.amount') ~ ' as '
            ~ money_type() ~ ')'
        ) }} as estimated_cost,  -- cents at list price: an estimate, never a bill
        cast({{ json_extract_string('breakdown.model_usage', '$.tokens.input') }} as bigint) as input_tokens,
        cast({{ json_extract_string('breakdown.model_usage', '$.tokens.output') }} as bigint) as output_tokens,
        cast({{ json_extract_string('breakdown.model_usage', '$.tokens.cache_read') }} as bigint)
            as cache_read_tokens,
        cast({{ json_extract_string('breakdown.model_usage', '$.tokens.cache_creation') }} as bigint)
            as cache_creation_tokens,

        ---------- timestamps
        actor_days.usage_start_at,
        actor_days.usage_date,

        ---------- lineage
        actor_days._file_sha256,
        actor_days._row_number

    from breakdown
    inner join actor_days
        on breakdown.actor_day_id = actor_days.actor_day_id
)

select * from renamed
