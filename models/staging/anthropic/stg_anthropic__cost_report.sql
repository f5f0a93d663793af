{#- its tests check the days an incremental build rebuilt (macros/incremental/tests_in_window.sql) -#}
{{ config(incremental_window='cost', window_column='charge_date') }}

with

source as (
    select * from {{ source('anthropic', 'cost_report') }}
    where not _is_superseded  -- a restatement replaces the older export
),

renamed as (
    select
        ---------- ids
        {{ surrogate_key([
            "'anthropic'", 'bucket_starting_at', 'bucket_ending_at', 'workspace_id', 'description', 'cost_type',
            'model', 'token_type', 'service_tier', 'context_window', 'inference_geo',
        ]) }} as cost_line_id,
        workspace_id,  -- null: the default workspace

        ---------- strings
        description as charge_description,
        lower(cost_type) as cost_type,
        lower(model) as model_name,
        {{ regex_replace('lower(model)', "'-[0-9]{8}$'", "''") }} as model_key,
        -- token costs name their token type; other costs (web search, code execution) only their cost type
        lower(coalesce(token_type, cost_type)) as provider_token_type,
        service_tier,
        context_window,
        inference_geo,
        upper(currency) as billing_currency,

        ---------- numerics (money)
        {{ cents_to_units('amount') }} as billed_cost,  -- the API gives cents

        ---------- timestamps
        bucket_starting_at as charge_period_start_at,
        bucket_ending_at as charge_period_end_at,
        {{ utc_date('bucket_starting_at') }} as charge_date,

        ---------- lineage
        _file_sha256,
        _row_number

    from source
)

select * from renamed
