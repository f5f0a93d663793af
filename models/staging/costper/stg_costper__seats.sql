{#- One row per seat stretch of costper's seats CSV: who held a seat of which product, at what fee per period -#}
with

source as (
    select * from {{ source('costper_seats', 'seats') }}
    where not _is_superseded  -- a newer seats file is the whole truth
),

renamed as (
    select
        ---------- ids
        {{ surrogate_key(['lower(trim(vendor))', 'trim(product)', 'lower(trim(email))', 'valid_from']) }}
            as seat_id,

        ---------- strings
        lower(trim(vendor)) as vendor,
        trim(product) as product,
        lower(trim(email)) as email,
        upper(currency) as billing_currency,
        coalesce(lower(trim(billing_period)), 'monthly') as billing_period,
        plan,
        note,

        ---------- numerics
        seat_cost,

        ---------- dates: [valid_from, valid_to), valid_to null = still held
        valid_from,
        valid_to,
        -- a seat still held is paid to the end of the month in which the file was loaded, and no further
        {{ utc_date('_loaded_at') }} as loaded_date,

        ---------- lineage
        _file_sha256,
        _row_number

    from source
)

select * from renamed
