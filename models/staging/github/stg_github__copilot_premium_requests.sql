{#- GitHub premium request report items, one row per current item; its period is the page's timePeriod (a day, a
    month or a year); money is dollars already (netAmount is what is billed, grossAmount the list cost) -#}
with

source as (
    select * from {{ source('github_copilot', 'premium_requests') }}
    where not _is_superseded  -- a restatement replaces the older export
),

renamed as (
    select
        ---------- ids
        {{ surrogate_key([
            "'github_copilot_premium_requests'", 'period_start', 'period_end', 'report_organization',
            'report_enterprise', 'report_user', 'report_product', 'report_model', 'product', 'sku', 'model',
            'unit_type',
        ]) }} as premium_request_line_id,
        -- who is billed: the organisation, or the enterprise for an enterprise report
        coalesce(report_organization, report_enterprise) as billing_entity,
        {{ normalize_github_login("nullif(trim(report_user), '')") }} as username_normalized,
        -- the report's ?product= and ?model= filters: a filtered report holds only part of the period's lines
        lower(nullif(trim(report_product), '')) as report_product,
        lower(nullif(trim(report_model), '')) as report_model,

        ---------- strings
        lower(product) as product,
        sku,
        {{ copilot_sku_key('sku') }} as sku_key,
        lower(model) as model_name,
        lower(unit_type) as unit_type,
        case
            when period_day is not null then 'day'
            when period_month is not null then 'month'
            else 'year'
        end as period_grain,
        'USD' as billing_currency,

        ---------- numerics
        gross_quantity,
        net_quantity,
        price_per_unit,
        gross_amount as list_cost,
        discount_amount,
        net_amount as billed_cost,

        ---------- timestamps
        period_start as charge_period_start_at,
        period_end as charge_period_end_at,
        {{ utc_date('period_start') }} as charge_date,

        ---------- lineage
        _file_sha256,
        _row_number

    from source
)

select * from renamed
