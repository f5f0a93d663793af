{#- One row per OpenAI completions-usage row and charge piece with tokens > 0, the piece named as the costs line
    items name it: the weights a costs line exported without API keys is split over its keys by (usage without a
    key, Playground say, keeps its share on the project). -#}
{{ window_replace_config('cost', 'usage_date') }}

{%- set token_columns = [
    ('uncached_input_tokens', 'input'),
    ('cache_read_input_tokens', 'cached input'),
    ('cache_write_input_tokens', 'cache write'),
    ('output_tokens', 'output'),
] -%}

with

usage as (
    select * from {{ ref('stg_openai__usage_completions') }}
    where {{ in_incremental_window('usage_date', 'cost') }}
),

unpivoted as (
    {% for column, piece in token_columns %}
        select
            usage_row_id,
            usage_date,
            project_id,
            api_key_id,
            model_name,
            service_tier,
            '{{ piece }}' as charge_piece,
            {{ column }} as token_count
        from usage
        {% if not loop.last %}union all{% endif %}
    {% endfor %}
),

final as (
    select
        {{ surrogate_key(['usage_row_id', 'charge_piece']) }} as usage_token_row_id,
        usage_row_id,
        usage_date,
        project_id,
        api_key_id,
        model_name,
        service_tier,
        charge_piece,
        token_count
    from unpivoted
    where token_count > 0
)

select * from final
