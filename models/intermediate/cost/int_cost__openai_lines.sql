{#-
    OpenAI cost lines. A line that names its API key stays as billed, and so does a keyless line of a file grouped
    by API key (its usage had no key: Playground, say). A model line of a file not grouped by key (costs exported
    by project and line item only) is distributed over the day's usage rows of the same project (of every project
    when the export is not grouped by project either), model and charge piece (int_cost__openai_usage_by_token_type), in proportion to their tokens, with allocate_by_weight, so the
    parts add up to the line exactly; usage without a key keeps its share on the project; a priority line only
    over usage of the priority tier where usage names its tier. Without usage that names a key the line stays
    whole: its principal is the project, else (an export grouped by neither) the organisation.
-#}
{{ window_replace_config('cost', 'charge_date') }}


with

cost_lines as (
    select * from {{ ref('stg_openai__costs') }}
    where {{ in_incremental_window('charge_date', 'cost') }}
),

usage_tokens as (
    select * from {{ ref('int_cost__openai_usage_by_token_type') }}
    where {{ in_incremental_window('usage_date', 'cost') }}
),

taxonomy as (
    select * from {{ ref('token_type_taxonomy') }}
    where provider = 'openai'
),

key_grouped_files as (
    {#- whole files, not the window's part of them -#}
    select distinct _file_sha256 from {{ ref('stg_openai__costs') }}
    where api_key_id is not null
),

usage_matches as (
    select
        cost_lines.cost_line_id as source_cost_line_id,
        cost_lines.billed_cost,
        usage_tokens.usage_token_row_id,
        usage_tokens.api_key_id,
        usage_tokens.token_count,
        count(usage_tokens.api_key_id) over (partition by cost_lines.cost_line_id) as keyed_usage_rows
    from cost_lines
    inner join usage_tokens
        on cost_lines.charge_date = usage_tokens.usage_date
        -- a line of an export not grouped by project (null) matches the usage of every project
        and (cost_lines.project_id is null or cost_lines.project_id = usage_tokens.project_id)
        and cost_lines.model_name = usage_tokens.model_name
        and cost_lines.charge_piece = usage_tokens.charge_piece
        and (
            usage_tokens.service_tier is null
            or (usage_tokens.service_tier = 'priority') = cost_lines.is_priority
        )
    where cost_lines.api_key_id is null
        and cost_lines._file_sha256 not in (select key_grouped_files._file_sha256 from key_grouped_files)
),

cost_lines_matched_to_usage as (
    select * from usage_matches
    where keyed_usage_rows > 0  -- usage that names no key could only give the line back to its project
),

usage_shares as (
    select
        source_cost_line_id,
        usage_token_row_id,
        api_key_id,
        token_count,
        {{ allocate_by_weight('billed_cost', 'token_count', ['source_cost_line_id'], ['usage_token_row_id']) }}
            as distributed_cost
    from cost_lines_matched_to_usage
),

lines as (
    select
        {{ surrogate_key(['usage_shares.source_cost_line_id', 'usage_shares.usage_token_row_id']) }}
            as cost_line_id,
        usage_shares.source_cost_line_id,
        usage_shares.api_key_id,
        usage_shares.distributed_cost as billed_cost,
        cast(usage_shares.token_count as {{ money_type() }}) as distributed_quantity,
        'usage_share' as distribution
    from usage_shares

    union all

    select
        cost_lines.cost_line_id,
        cost_lines.cost_line_id as source_cost_line_id,
        cost_lines.api_key_id,
        cost_lines.billed_cost,
        cast(null as {{ money_type() }}) as distributed_quantity,
        'billed_line' as distribution
    from cost_lines
    where not exists (
            select 1 from usage_shares
            where usage_shares.source_cost_line_id = cost_lines.cost_line_id
        )
),

final as (
    select
        lines.cost_line_id,
        lines.source_cost_line_id,
        cost_lines.charge_period_start_at,
        cost_lines.charge_period_end_at,
        cost_lines.charge_date,
        cost_lines.project_id,
        lines.api_key_id,
        case
            when lines.api_key_id is not null then 'api_key'
            when cost_lines.project_id is not null then 'project'
            else 'organization'
        end as principal_kind,
        coalesce(lines.api_key_id, cost_lines.project_id, cost_lines.organization_id, 'organization')
            as principal_id,
        cost_lines.model_name,
        cost_lines.charge_piece as provider_token_type,
        coalesce(taxonomy.x_token_type, 'other') as x_token_type,
        taxonomy.cache_ttl,
        case
            when cost_lines.quantity_unit in ('tokens', '1000_tokens') then 'Tokens'
            else coalesce(taxonomy.consumed_unit, cost_lines.quantity_unit)
        end as consumed_unit,
        cost_lines.charge_description,
        cost_lines.is_priority,
        cost_lines.is_long_context,
        cost_lines.billing_currency,
        lines.billed_cost,
        case
            when lines.distribution = 'usage_share' then lines.distributed_quantity
            when cost_lines.quantity_unit = '1000_tokens' then cast(cost_lines.quantity * 1000 as {{ money_type() }})
            else cost_lines.quantity
        end as consumed_quantity,
        lines.distribution
    from lines
    inner join cost_lines
        on lines.source_cost_line_id = cost_lines.cost_line_id
    left join taxonomy
        on cost_lines.charge_piece = taxonomy.provider_token_type
)

select * from final
