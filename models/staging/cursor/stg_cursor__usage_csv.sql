{#- Cursor dashboard usage CSV, one row per current call; Cost is dollars ("Included" and "Free" are 0) -#}
with

source as (
    select * from {{ source('cursor', 'usage_csv') }}
    where not _is_superseded  -- a newer export of the same calls replaces the older rows
),

renamed as (
    select
        ---------- ids
        {{ surrogate_key([
            "'cursor_usage_csv'", 'event_at', 'user_email', 'cloud_agent_id', 'automation_id', 'kind', 'model',
            'max_mode', 'input_with_cache_write_tokens', 'input_without_cache_write_tokens', 'cache_read_tokens',
            'output_tokens', 'cost_text', 'requests',
        ]) }} as usage_event_id,
        lower(trim(user_email)) as user_email,
        cloud_agent_id,
        automation_id,

        ---------- strings
        lower(model) as model_name,
        kind as billing_kind,
        cost_text,

        ---------- booleans
        lower(coalesce(max_mode, '')) in ('yes', 'true') as is_max_mode,

        ---------- numerics
        input_without_cache_write_tokens as input_tokens,
        output_tokens,
        input_with_cache_write_tokens - input_without_cache_write_tokens as cache_write_tokens,
        cache_read_tokens,
        total_tokens,
        requests,
        -- an older export gives Requests, not Cost: no money is known for it
        coalesce(cost, 0) as charged_cost,

        ---------- timestamps
        event_at,
        {{ utc_date('event_at') }} as charge_date,

        ---------- lineage
        _file_sha256,
        _row_number

    from source
)

select * from renamed
