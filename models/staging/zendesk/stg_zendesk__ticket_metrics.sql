with

source as (
    select * from {{ source('zendesk', 'ticket_metrics') }}
    where not _is_superseded  -- a newer metric set of the ticket replaces the older one
),

renamed as (
    select
        ---------- ids
        ticket_id,
        id as metric_set_id,

        ---------- numerics
        reopens,
        replies,
        assignee_stations,
        group_stations,
        full_resolution_minutes_calendar,
        full_resolution_minutes_business,

        ---------- timestamps
        solved_at,
        assigned_at,
        initially_assigned_at,
        status_updated_at,
        latest_comment_added_at,
        created_at,
        updated_at,

        ---------- lineage
        _file_sha256,
        _row_number

    from source
)

select * from renamed
