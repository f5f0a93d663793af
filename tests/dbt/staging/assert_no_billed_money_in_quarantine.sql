{#-
    Billed money that ingest quarantined is in no mart, so every total is short by it until the file is
    fixed and loaded again. A warning, not an error: the marts are right about what was loaded, and
    `costper status` lists the rows with their reasons. The rows are those that make `costper ingest` exit 3
    (ingest/quarantined_money.py): every billed source of var('billed_amount_paths'), a row whose amount is zero
    costing nothing, one whose amount is missing or unreadable counting; invoices have their own test
    (finance/assert_no_invoice_in_quarantine.sql).
-#}
{{ config(
    severity = 'warn',
    tags = ['money'],
    meta = {'explain': "{failures} rows of billed cost are in quarantine and in no total until their file is fixed"
        ~ " and loaded again; costper status lists them with their reasons"}
) }}
{%- set billed = var('billed_amount_paths') %}
{%- set amount -%}
    case source
    {%- for source, paths in billed.items() %}
        when '{{ source }}' then
        {%- if paths %} coalesce(
            {%- for path in paths %}{{ json_extract_string('record', path) }}{{ ", " if not loop.last }}
            {%- endfor %})
        {%- else %} null
        {%- endif %}
    {%- endfor %}
    end
{%- endset %}

select
    source,
    file_name,
    row_number,
    reasons
from {{ source('costper_ingest', 'quarantine') }}
where
    source in ({% for s in billed if s != 'costper_invoices' %}'{{ s }}'{{ ", " if not loop.last }}{% endfor %})
    -- a zero amount costs nothing; a missing or unreadable one may cost anything
    and coalesce({{ try_money(amount) }} <> 0, true)
