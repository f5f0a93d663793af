with

source as (
    select * from {{ source('costper', 'people') }}
    where not _is_superseded  -- a restatement replaces the older export
),

renamed as (
    select
        ---------- ids
        person_id,
        team_id,

        ---------- strings
        lower(trim(email)) as email,
        display_name,
        team_name,
        cost_center,
        lower(trim(manager_email)) as manager_email,

        ---------- dates: [valid_from, valid_to), valid_to null = still true
        valid_from,
        valid_to,

        ---------- lineage
        _file_sha256,
        _row_number

    from source
)

select * from renamed
