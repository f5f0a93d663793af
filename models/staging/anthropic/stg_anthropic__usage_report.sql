{#- its tests check the days an incremental build rebuilt (macros/incremental/tests_in_window.sql) -#}
{{ config(incremental_window='cost', window_column='usage_date') }}

with

source as (
    select * from {{ source('anthropic', 'usage_report') }}
    where not _is_superseded  -- a restatement replaces the older export
),

renamed as (
    select
        ---------- ids
        {{ surrogate_key([
            'bucket_starting_at', 'bucket_ending_at', 'api_key_id', 'workspace_id', 'account_id',
            'service_account_id', 'model', 'service_tier', 'context_window', 'inference_geo', 'speed',
        ]) }} as usage_row_id,
        api_key_id,
        workspace_id,  -- null: the default workspace
        account_id,
        service_account_id,

        ---------- strings
        lower(model) as model_name,
        {{ regex_replace('lower(model)', "'-[0-9]{8}$'", "''") }} as model_key,  -- date suffix dropped
        service_tier,
        context_window,
        inference_geo,
        speed,

        ---------- numerics (tokens)
        uncached_input_tokens,
        cache_read_input_tokens,
        cache_creation_ephemeral_5m_input_tokens as cache_write_5m_input_tokens,
        cache_creation_ephemeral_1h_input_tokens as cache_write_1h_input_tokens,
        output_tokens,
        server_tool_use_web_search_requests as web_search_requests,

        ---------- timestamps
        bucket_starting_at as usage_start_at,
        bucket_ending_at as usage_end_at,
        {{ utc_date('bucket_starting_at') }} as usage_date,

        ---------- lineage
        _file_sha256,
        _row_number

    from source
)

select * from renamed
