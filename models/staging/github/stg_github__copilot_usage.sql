{#- GitHub billing usage items, one row per current item; money is dollars already (netAmount is what is billed) -#}
with

source as (
    select * from {{ source('github_copilot', 'usage') }}
    where not _is_superseded  -- a restatement replaces the older export
),

renamed as (
    select
        ---------- ids
        {{ surrogate_key([
            "'github_copilot_usage'", 'usage_date', 'product', 'sku', 'model', 'organization_name',
            'repository_name', 'username', 'unit_type',
        ]) }} as usage_item_id,
        organization_name,
        -- the REST report writes '' for "no repository"
        lower(nullif(trim(repository_name), '')) as repository_name,
        {{ normalize_github_login("nullif(trim(username), '')") }} as username_normalized,
        cost_center_name,

        ---------- strings
        lower(product) as product,
        sku,
        lower(model) as model_name,
        lower(unit_type) as unit_type,
        'USD' as billing_currency,

        ---------- numerics
        coalesce(quantity, net_quantity, gross_quantity) as quantity,
        price_per_unit,
        gross_amount,
        discount_amount,
        net_amount as billed_cost,

        ---------- timestamps
        usage_date as charge_period_start_at,
        usage_date_end as charge_period_end_at,
        {{ utc_date('usage_date') }} as charge_date,

        ---------- lineage
        _file_sha256,
        _row_number

    from source
)

select * from renamed
