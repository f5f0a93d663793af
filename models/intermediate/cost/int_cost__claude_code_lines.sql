{#-
    Claude Code Analytics as estimated cost lines (the cost-line contract), for companies without an admin cost
    report: one line per actor, day, model and token class (input, output, cache_read, cache_write without a TTL
    split). Every line bills 0 and carries the estimate in estimated_cost. Anthropic gives one estimate per
    model: it is split over the token classes by tokens times a relative list price (output 5, cache read 0.1,
    cache write 1.25 times input, Claude's ratios) with allocate_by_weight, so the parts add up to it exactly; a
    model with no tokens keeps its estimate on one request line.
-#}
{{ config(materialized='view') }}

with

usage_rows as (
    select * from {{ ref('stg_anthropic__claude_code_usage') }}
),

pieces as (
    {{ token_class_pieces('usage_rows', 'usage_row_id', [
        ['input', 'input', 'input_tokens'],
        ['output', 'output', 'output_tokens'],
        ['cache_read', 'cache_read', 'cache_read_tokens'],
        ['cache_write', 'cache_creation', 'cache_creation_tokens'],
    ]) }}
),

lines as (
    select
        {{ surrogate_key(['usage_rows.usage_row_id', 'pieces.x_token_type']) }} as cost_line_id,
        usage_rows.*,
        pieces.x_token_type,
        pieces.provider_token_type,
        pieces.quantity,
        {{ allocate_by_weight(
            'usage_rows.estimated_cost', 'pieces.quantity * pieces.price_weight',
            ['pieces.usage_row_id'], ['pieces.piece_order'],
        ) }} as piece_estimated_cost
    from pieces
    inner join usage_rows
        on pieces.usage_row_id = usage_rows.usage_row_id
),

final as (
    select
        cost_line_id,
        cost_line_id as source_cost_line_id,
        'claude_code_analytics' as x_source,
        'anthropic' as provider,
        'Anthropic' as provider_name,
        'Claude Code' as service_name,
        {{ dbt.concat(["'Claude Code '", 'model_name', "' '", 'x_token_type']) }} as charge_description,
        usage_start_at as charge_period_start_at,
        {{ dbt.dateadd('day', 1, 'usage_start_at') }} as charge_period_end_at,
        usage_date as charge_date,
        cast(0 as {{ money_type() }}) as billed_cost,
        coalesce(currency, 'USD') as billing_currency,
        organization_id as sub_account_id,
        'organization' as sub_account_kind,
        cast(quantity as {{ money_type() }}) as consumed_quantity,
        case when x_token_type = 'request' then 'Requests' else 'Tokens' end as consumed_unit,
        model_name,
        provider_token_type,
        x_token_type,
        cast(null as {{ dbt.type_string() }}) as cache_ttl,
        principal_kind,
        principal_id,
        'billed_line' as distribution,
        x_token_type <> 'request' as is_list_priceable,
        'AI and Machine Learning' as service_category,
        'Usage' as charge_category,
        cast(null as {{ money_type() }}) as effective_cost,
        cast(null as {{ money_type() }}) as list_cost,
        cast(null as {{ dbt.type_string() }}) as tags,
        cast(null as {{ dbt.type_string() }}) as team_hint,
        true as x_is_ai,
        true as x_cost_is_estimated,
        piece_estimated_cost as estimated_cost
    from lines
)

select * from final
