{#-
    An invoice row that ingest quarantined is in no mart: its provider and month are then reconciled against the
    cost exports alone and tie trivially. A warning with the reasons until a later file loads a good invoice for the
    same provider, account and month.
-#}
{{ config(severity = 'warn', tags = ['money']) }}

with

quarantined as (
    select
        file_name,
        row_number,
        reasons,
        quarantined_at,
        lower(trim({{ json_extract_string('record', '$.provider') }})) as provider_key,
        trim({{ json_extract_string('record', '$.billing_account') }}) as billing_account,
        trim({{ json_extract_string('record', '$.month') }}) as month_text
    from {{ source('costper_ingest', 'quarantine') }}
    where source = 'costper_invoices'
),

loaded as (
    select
        invoices.provider_key,
        invoices.billing_account,
        invoices.invoice_month,
        files.loaded_at
    from {{ ref('stg_costper__invoices') }} as invoices
    inner join {{ source('costper_ingest', 'ingest_files') }} as files
        on invoices._file_sha256 = files.file_sha256
)

select
    quarantined.file_name,
    quarantined.row_number,
    quarantined.reasons
from quarantined
left join loaded
    on quarantined.provider_key = loaded.provider_key
    and quarantined.billing_account = loaded.billing_account
    and {{ dbt.concat(['quarantined.month_text', "'-01'"]) }} = cast(loaded.invoice_month as {{ dbt.type_string() }})
    and loaded.loaded_at > quarantined.quarantined_at
where loaded.provider_key is null
