{#- Cursor Admin API usage events, one row per current event; cents become dollars (* 0.01, exact) -#}
with

source as (
    select * from {{ source('cursor', 'usage_events') }}
    where not _is_superseded  -- a newer export of the same events replaces the older rows
),

renamed as (
    select
        ---------- ids
        {{ surrogate_key([
            "'cursor_usage_events'", 'event_at', 'user_email', 'model', 'kind', 'kind_label', 'input_tokens',
            'output_tokens', 'cache_write_tokens', 'cache_read_tokens', 'total_cents', 'charged_cents',
        ]) }} as usage_event_id,
        lower(trim(user_email)) as user_email,

        ---------- strings
        lower(model) as model_name,
        coalesce(kind_label, kind) as billing_kind,

        ---------- booleans
        coalesce(max_mode, false) as is_max_mode,
        coalesce(is_headless, false) as is_headless,
        -- included in the plan, free or not charged: nothing billed, though the call has a model cost
        (
            is_chargeable = false
            or coalesce(is_free_bugbot, false)
            or lower(coalesce(kind_label, kind, '')) in ('included', 'free')
            or lower(coalesce(kind_label, kind, '')) like '%no charge%'
            or lower(coalesce(kind_label, kind, '')) like '%not charged%'
        ) as is_not_billed,

        ---------- numerics
        input_tokens,
        output_tokens,
        cache_write_tokens,
        cache_read_tokens,
        cast(total_cents * 0.01 as {{ money_type() }}) as model_cost,
        -- what Cursor charges: the model cost plus its token fee (chargedCents), else the model cost
        cast(coalesce(charged_cents, total_cents, 0) * 0.01 as {{ money_type() }}) as charged_cost,

        ---------- timestamps
        event_at,
        {{ utc_date('event_at') }} as charge_date,

        ---------- lineage
        _file_sha256,
        _row_number

    from source
)

select * from renamed
