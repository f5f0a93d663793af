{#-
    LiteLLM requests as estimated cost lines (the cost-line contract): one line per request and token class
    (input, output, cache_read, cache_write where the provider reported them; one request line when it gave no
    tokens). A gateway prices usage with its own price map, so every line bills 0 and carries the estimate in
    estimated_cost: the provider's bill stays the truth and the two are never added. The request's estimate is
    split over its classes by tokens times a relative price (output 5, cache read 0.1, cache write 1.25 times
    input, list-price ratios of the common models) with allocate_by_weight, so the parts add up to it exactly.
-#}
{{ config(materialized='view') }}

with

requests as (
    select * from {{ ref('stg_litellm__spend_logs') }}
),

pieces as (
    {{ token_class_pieces('requests', 'request_id', [
        ['input', 'prompt_tokens', 'uncached_input_tokens'],
        ['output', 'completion_tokens', 'completion_tokens'],
        ['cache_read', 'cache_read_input_tokens', 'cache_read_tokens'],
        ['cache_write', 'cache_creation_input_tokens', 'cache_write_tokens'],
    ]) }}
),

lines as (
    select
        {{ surrogate_key(["'litellm'", 'requests.request_id', 'pieces.x_token_type']) }} as cost_line_id,
        requests.*,
        pieces.x_token_type,
        pieces.provider_token_type,
        pieces.quantity,
        {{ allocate_by_weight(
            'requests.estimated_cost', 'pieces.quantity * pieces.price_weight',
            ['pieces.request_id'], ['pieces.piece_order'],
        ) }} as piece_estimated_cost
    from pieces
    inner join requests
        on pieces.request_id = requests.request_id
),

final as (
    select
        cost_line_id,
        cost_line_id as source_cost_line_id,
        'litellm_spend_logs' as x_source,
        'litellm' as provider,
        'LiteLLM' as provider_name,
        'LiteLLM Proxy' as service_name,
        {{ dbt.concat(["coalesce(model_group, model_name, 'unknown model')", "' '", 'x_token_type']) }}
            as charge_description,
        request_start_at as charge_period_start_at,
        request_end_at as charge_period_end_at,
        usage_date as charge_date,
        cast(0 as {{ money_type() }}) as billed_cost,
        'USD' as billing_currency,
        coalesce(team_id, 'no_team') as sub_account_id,
        'gateway_team' as sub_account_kind,
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
        tags,
        team_hint,
        true as x_is_ai,
        true as x_cost_is_estimated,
        piece_estimated_cost as estimated_cost
    from lines
)

select * from final
