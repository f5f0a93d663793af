with

source as (
    select * from {{ source('costper_finance', 'budgets') }}
    where not _is_superseded  -- a newer file's rows for a month replace that month's every older budget
),

renamed as (
    select
        ---------- ids
        {{ surrogate_key(['month', 'scope_kind', 'scope_id', 'currency']) }} as budget_id,
        scope_kind,
        scope_id,

        ---------- dates
        cast(month as date) as budget_month,

        ---------- money
        currency as billing_currency,
        cast(amount as {{ money_type() }}) as budget_amount,
        cast(alert_at_pct as decimal(9, 4)) as alert_at_pct,
        note,

        ---------- lineage
        _file_sha256,
        _row_number

    from source
)

select * from renamed
