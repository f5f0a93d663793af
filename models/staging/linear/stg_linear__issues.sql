with

source as (
    select * from {{ source('linear', 'issues') }}
    where not _is_superseded  -- a newer export of the issue replaces the older one
),

renamed as (
    select
        ---------- ids
        id as issue_id,
        upper(identifier) as issue_key,
        upper(team_key) as team_key,
        assignee_id,
        delegate_id,

        ---------- strings
        title,
        url,
        branch_name,
        previous_identifiers,
        lower(state_type) as state_type,
        state_name,
        team_name,
        lower(trim(assignee_email)) as assignee_email,
        assignee_name,
        delegate_name,
        labels,

        ---------- booleans
        assignee_is_app,
        delegate_is_app,

        ---------- numerics
        estimate,

        ---------- timestamps
        created_at,
        started_at,
        completed_at,
        canceled_at,
        updated_at,
        archived_at,

        ---------- lineage
        _file_sha256,
        _row_number

    from source
)

select * from renamed
