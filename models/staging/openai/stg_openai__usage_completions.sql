{#- its tests check the days an incremental build rebuilt (macros/incremental/tests_in_window.sql) -#}
{{ config(incremental_window='cost', window_column='usage_date') }}

with

source as (
    select * from {{ source('openai', 'usage_completions') }}
    where not _is_superseded  -- a restatement replaces the older export
),

renamed as (
    select
        ---------- ids
        {{ surrogate_key([
            'bucket_start_time', 'bucket_end_time', 'project_id', 'user_id', 'api_key_id', 'model', 'batch',
            'service_tier',
        ]) }} as usage_row_id,
        project_id,
        user_id,
        api_key_id,

        ---------- strings
        lower(model) as model_name,
        service_tier,

        ---------- booleans
        batch as is_batch,

        ---------- numerics (tokens); input_tokens is the total, the three parts below are disjoint
        input_tokens as total_input_tokens,
        input_uncached_tokens as uncached_input_tokens,
        input_cached_tokens as cache_read_input_tokens,
        input_cache_write_tokens as cache_write_input_tokens,
        output_tokens,
        num_model_requests as model_request_count,
        input_text_tokens,
        input_cached_text_tokens,
        output_text_tokens,
        input_audio_tokens,
        input_cached_audio_tokens,
        output_audio_tokens,
        input_image_tokens,
        input_cached_image_tokens,
        output_image_tokens,

        ---------- timestamps
        bucket_start_time as usage_start_at,
        bucket_end_time as usage_end_at,
        {{ utc_date('bucket_start_time') }} as usage_date,

        ---------- lineage
        _file_sha256,
        _row_number

    from source
)

select * from renamed
