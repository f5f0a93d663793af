{#-
    One row per current LiteLLM request (the latest export holding it): LiteLLM's spend estimate, the tokens by
    class, who asked (end user, key owner, key and team aliases) and the caller's attribution (request tags and
    spend_logs_metadata) as one JSON object of tags.
-#}
{{ config(incremental_window='cost', window_column='usage_date') }}

with

source as (
    select * from {{ source('litellm', 'spend_logs') }}
    where not _is_superseded  -- a later export holding the request replaces it
),

parsed as (
    select
        *,
        {{ json_extract_string('metadata', '$.user_api_key_alias') }} as key_alias,
        {{ json_extract_string('metadata', '$.user_api_key_team_alias') }} as team_alias,
        {{ json_extract_string('metadata', '$.user_api_key_user_email') }} as key_user_email,
        {{ json_extract_json('metadata', '$.spend_logs_metadata') }} as spend_logs_metadata,
        {{ json_extract_string('metadata', '$.spend_logs_metadata.repo') }} as metadata_repo,
        {{ json_extract_string('metadata', '$.spend_logs_metadata.pr') }} as metadata_pr,
        -- provider prompt caching as the provider reported it (Anthropic's names, else OpenAI's cached_tokens)
        cast(coalesce(
            {{ json_extract_string('metadata', '$.usage_object.cache_read_input_tokens') }},
            {{ json_extract_string('metadata', '$.usage_object.prompt_tokens_details.cached_tokens') }}
        ) as bigint) as cache_read_tokens,
        cast(
            {{ json_extract_string('metadata', '$.usage_object.cache_creation_input_tokens') }} as bigint
        ) as cache_write_tokens
    from source
),

renamed as (
    select
        ---------- ids
        request_id,
        api_key as api_key_hash,
        session_id,

        ---------- strings
        call_type,
        lower(model) as model_name,
        model_group,
        lower(custom_llm_provider) as custom_llm_provider,
        user_id,
        team_id,
        organization_id,
        end_user,
        key_alias,
        team_alias,
        lower(key_user_email) as key_user_email,
        status,
        -- who the work was for: the end user the caller named, else the key's owner, else the key's alias
        case
            when lower(coalesce(end_user, key_user_email)) like '%_@_%.%' then 'email'
            when coalesce(end_user, user_id, key_alias) is not null then 'gateway_user'
            when api_key is not null then 'api_key'
        end as principal_kind,
        case
            when lower(coalesce(end_user, key_user_email)) like '%_@_%.%' then lower(coalesce(end_user, key_user_email))
            else coalesce(end_user, user_id, key_alias, api_key)
        end as principal_id,
        coalesce(team_alias, team_id) as team_hint,
        -- the caller's attribution; a PR named as repo + number in spend_logs_metadata becomes 'owner/repo#123'
        -- (a JSON null, as LiteLLM writes "metadata": null, is no value: Spark reads it as no value too)
        {{ json_object_text([
            ['request_tags', "nullif(cast(request_tags as " ~ dbt.type_string() ~ "), 'null')"],
            ['spend_logs_metadata', "nullif(cast(spend_logs_metadata as " ~ dbt.type_string() ~ "), 'null')"],
            ['outcome_ref', "case when metadata_repo is not null and metadata_pr is not null then "
                ~ dbt.concat(['metadata_repo', "'#'", 'metadata_pr']) ~ " end"],
            ['user_api_key_alias', 'key_alias'],
            ['user_api_key_team_alias', 'team_alias'],
            ['end_user', 'end_user'],
            ['session_id', 'session_id'],
        ]) }} as tags,

        ---------- booleans
        lower(coalesce(cache_hit, 'false')) = 'true' as is_proxy_cache_hit,

        ---------- numerics
        spend as estimated_cost,  -- dollars, LiteLLM's price map: an estimate, never a bill
        prompt_tokens,
        completion_tokens,
        total_tokens,
        cache_read_tokens,
        cache_write_tokens,
        -- prompt_tokens is OpenAI-style, cache reads and writes included; when the parts do not fit in it the
        -- provider counted them apart
        case
            when coalesce(cache_read_tokens, 0) + coalesce(cache_write_tokens, 0) <= coalesce(prompt_tokens, 0)
                then coalesce(prompt_tokens, 0) - coalesce(cache_read_tokens, 0) - coalesce(cache_write_tokens, 0)
            else coalesce(prompt_tokens, 0)
        end as uncached_input_tokens,

        ---------- timestamps
        start_time as request_start_at,
        coalesce(end_time, start_time) as request_end_at,
        {{ utc_date('start_time') }} as usage_date,

        ---------- lineage
        _file_sha256,
        _row_number

    from parsed
)

select * from renamed
