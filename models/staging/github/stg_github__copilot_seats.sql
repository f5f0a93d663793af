{#- Copilot seat assignments, one row per current seat (the latest export that lists it) -#}
with

source as (
    select * from {{ source('github_copilot', 'seats') }}
    where not _is_superseded  -- a newer export of the same seat replaces the older row
),

renamed as (
    select
        ---------- ids
        {{ surrogate_key(["'github_copilot_seats'", 'assignee_login', 'created_at']) }} as seat_id,
        {{ normalize_github_login('assignee_login') }} as assignee_login_normalized,
        assigning_team_slug,

        ---------- strings
        lower(coalesce(plan_type, 'business')) as plan_type,

        ---------- dates: [valid_from, valid_to), valid_to null = still held
        {{ utc_date('created_at') }} as valid_from,
        pending_cancellation_date as valid_to,
        {{ utc_date('last_activity_at') }} as last_activity_date,
        {{ utc_date('_loaded_at') }} as loaded_date,

        ---------- lineage
        _file_sha256,
        _row_number

    from source
)

select * from renamed
