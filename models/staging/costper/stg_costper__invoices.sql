with

source as (
    select * from {{ source('costper_finance', 'invoices') }}
    where not _is_superseded  -- a newer file's row for the same provider, account and month replaces it
),

renamed as (
    select
        ---------- ids
        lower(trim(provider)) as provider_key,
        trim(billing_account) as billing_account,
        invoice_id,

        ---------- dates
        cast(month as date) as invoice_month,

        ---------- money
        currency as billing_currency,
        cast(amount as {{ money_type() }}) as invoice_amount,
        cast(coalesce(credits, 0) as {{ money_type() }}) as invoice_credits,
        cast(coalesce(tax, 0) as {{ money_type() }}) as invoice_tax,

        ---------- lineage
        _file_sha256,
        _row_number

    from source
)

select * from renamed
