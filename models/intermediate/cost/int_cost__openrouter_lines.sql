{#-
    OpenRouter activity as billed cost lines (the cost-line contract): one line per activity row and token class
    (input = prompt tokens, output = completion tokens, reasoning included; a request line when the row gives no
    tokens). The row's credits are split over its classes by tokens times a relative price (output 5 times
    input) with allocate_by_weight, so the parts add up to the row exactly. The activity names no key or user:
    its principal is the OpenRouter organisation.
-#}
{{ config(materialized='view') }}

with

activity as (
    select * from {{ ref('stg_openrouter__activity') }}
),

pieces as (
    {{ token_class_pieces('activity', 'activity_row_id', [
        ['input', 'prompt_tokens', 'prompt_tokens'],
        ['output', 'completion_tokens', 'completion_tokens'],
    ], 'coalesce(request_count, 1)') }}
),

lines as (
    select
        {{ surrogate_key(['activity.activity_row_id', 'pieces.x_token_type']) }} as cost_line_id,
        activity.*,
        pieces.x_token_type,
        pieces.provider_token_type,
        pieces.quantity,
        {{ allocate_by_weight(
            'activity.billed_cost', 'pieces.quantity * pieces.price_weight',
            ['pieces.activity_row_id'], ['pieces.piece_order'],
        ) }} as piece_billed_cost
    from pieces
    inner join activity
        on pieces.activity_row_id = activity.activity_row_id
),

final as (
    select
        cost_line_id,
        cost_line_id as source_cost_line_id,
        'openrouter_activity' as x_source,
        'openrouter' as provider,
        'OpenRouter' as provider_name,
        'OpenRouter API' as service_name,
        {{ dbt.concat(['model_name', "' '", 'x_token_type']) }} as charge_description,
        charge_period_start_at,
        charge_period_end_at,
        charge_date,
        piece_billed_cost as billed_cost,
        'USD' as billing_currency,
        'openrouter' as sub_account_id,
        'organization' as sub_account_kind,
        cast(quantity as {{ money_type() }}) as consumed_quantity,
        case when x_token_type = 'request' then 'Requests' else 'Tokens' end as consumed_unit,
        model_name,
        provider_token_type,
        x_token_type,
        cast(null as {{ dbt.type_string() }}) as cache_ttl,
        'organization' as principal_kind,  -- as OpenAI's lines of an export that names no key
        'openrouter' as principal_id,
        'billed_line' as distribution,
        x_token_type <> 'request' as is_list_priceable,
        'AI and Machine Learning' as service_category,
        cast(null as {{ dbt.type_string() }}) as charge_category,
        cast(null as {{ money_type() }}) as effective_cost,
        cast(null as {{ money_type() }}) as list_cost,
        cast(null as {{ dbt.type_string() }}) as tags,
        cast(null as {{ dbt.type_string() }}) as team_hint,
        true as x_is_ai,
        false as x_cost_is_estimated,
        cast(null as {{ money_type() }}) as estimated_cost
    from lines
)

select * from final
