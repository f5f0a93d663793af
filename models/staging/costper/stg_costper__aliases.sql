with

source as (
    select * from {{ source('costper', 'aliases') }}
    where not _is_superseded  -- a restatement replaces the older export
),

renamed as (
    select
        ---------- ids
        lower(trim(kind)) as alias_kind,
        value as alias_value_raw,
        -- the value as principals are compared: emails and repositories lower-case,
        -- GitHub logins without app/ and [bot]
        case lower(trim(kind))
            when 'email' then lower(trim(value))
            when 'cursor_user' then lower(trim(value))
            when 'github_repo' then lower(trim(value))
            when 'github_login' then {{ normalize_github_login('trim(value)') }}
            else trim(value)
        end as alias_value,
        person_id,
        team_id,

        ---------- strings
        note,

        ---------- dates: [valid_from, valid_to), valid_to null = still true
        valid_from,
        valid_to,

        ---------- lineage
        _file_sha256,
        _row_number

    from source
)

select * from renamed
