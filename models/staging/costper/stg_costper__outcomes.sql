with

source as (
    select * from {{ source('costper_outcomes', 'outcomes') }}
    where not _is_superseded  -- a newer file's row for the same outcome replaces the older one
),

renamed as (
    select
        ---------- ids
        trim(outcome_id) as outcome_id,
        trim(person_id) as person_id,
        trim(team_id) as team_id,

        ---------- strings
        lower(trim(outcome_type)) as outcome_type,
        lower(trim(email)) as email,
        -- the keys, split at ';' and white space, as written
        {{ regex_extract_all('ref_keys', "'([^;\\s]+)'", 1) }} as ref_keys_given,
        nullif(lower(trim(source)), '') as outcome_source,
        url,
        title,

        ---------- booleans
        ai_assisted,

        ---------- numerics
        weight,
        value as outcome_value,

        ---------- timestamps
        occurred_at,
        started_at,

        ---------- lineage
        _file_sha256,
        _row_number

    from source
)

select * from renamed
