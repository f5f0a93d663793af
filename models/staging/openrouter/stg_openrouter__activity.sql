{#-
    One row per current OpenRouter activity row (UTC day x model x endpoint): the credits OpenRouter charged, in
    dollars (billed money), and the tokens. Spend on the company's own provider key (BYOK) is kept apart: the
    provider bills it.
-#}
{{ config(incremental_window='cost', window_column='charge_date') }}

with

source as (
    select * from {{ source('openrouter', 'activity') }}
    where not _is_superseded  -- a later pull of the day replaces it
),

renamed as (
    select
        ---------- ids
        {{ surrogate_key([
            "'openrouter'", 'activity_date', 'model', 'model_permaslug', 'endpoint_id', 'provider_name',
        ]) }} as activity_row_id,
        endpoint_id,

        ---------- strings
        lower(coalesce(model_permaslug, model)) as model_name,
        lower(model) as model_slug,
        provider_name as upstream_provider_name,

        ---------- numerics
        usage as billed_cost,  -- credits in dollars
        byok_usage_inference as byok_cost,
        requests as request_count,
        prompt_tokens,
        completion_tokens,
        reasoning_tokens,

        ---------- timestamps
        activity_date as charge_period_start_at,
        {{ dbt.dateadd('day', 1, 'activity_date') }} as charge_period_end_at,
        {{ utc_date('activity_date') }} as charge_date,

        ---------- lineage
        _file_sha256,
        _row_number

    from source
)

select * from renamed
