{#- One row per Anthropic usage row and token type with tokens > 0: the weights for billed-to-usage distribution. -#}
{{ window_replace_config('cost', 'usage_date') }}

{%- set token_columns = [
    ('uncached_input_tokens', 'uncached_input_tokens'),
    ('cache_read_input_tokens', 'cache_read_input_tokens'),
    ('cache_write_5m_input_tokens', 'cache_creation.ephemeral_5m_input_tokens'),
    ('cache_write_1h_input_tokens', 'cache_creation.ephemeral_1h_input_tokens'),
    ('output_tokens', 'output_tokens'),
    ('web_search_requests', 'web_search'),
] -%}

with

usage as (
    select * from {{ ref('stg_anthropic__usage_report') }}
    where {{ in_incremental_window('usage_date', 'cost') }}
),

taxonomy as (
    select * from {{ ref('token_type_taxonomy') }}
    where provider = 'anthropic'
),

unpivoted as (
    {% for column, provider_token_type in token_columns %}
        select
            usage_row_id,
            usage_date,
            usage_start_at,
            workspace_id,
            api_key_id,
            account_id,
            service_account_id,
            model_name,
            model_key,
            service_tier,
            context_window,
            '{{ provider_token_type }}' as provider_token_type,
            {{ column }} as token_count
        from usage
        {% if not loop.last %}union all{% endif %}
    {% endfor %}
),

final as (
    select
        {{ surrogate_key(['unpivoted.usage_row_id', 'unpivoted.provider_token_type']) }} as usage_token_row_id,
        unpivoted.usage_row_id,
        unpivoted.usage_date,
        unpivoted.usage_start_at,
        unpivoted.workspace_id,
        unpivoted.api_key_id,
        unpivoted.account_id,
        unpivoted.service_account_id,
        unpivoted.model_name,
        unpivoted.model_key,
        unpivoted.service_tier,
        unpivoted.context_window,
        unpivoted.provider_token_type,
        coalesce(taxonomy.x_token_type, 'other') as x_token_type,
        taxonomy.cache_ttl,
        unpivoted.token_count
    from unpivoted
    left join taxonomy
        on unpivoted.provider_token_type = taxonomy.provider_token_type
    where unpivoted.token_count > 0
)

select * from final
