with

source as (
    select * from {{ source('jira', 'issues') }}
    where not _is_superseded  -- a restatement replaces the older export
),

renamed as (
    select
        ---------- ids
        id as issue_id,
        upper(key) as issue_key,
        upper(project_key) as project_key,
        assignee_account_id,

        ---------- strings
        summary,
        issuetype_name as issue_type,
        status_name,
        lower(status_category_key) as status_category,
        resolution_name,
        lower(assignee_email_address) as assignee_email,
        assignee_display_name,
        labels,
        -- the site, from the issue's API address in the unknown fields: https://acme.atlassian.net
        {{ regex_extract(json_extract_string('_extra', '$.self'), "'^(https?://[^/]+)/'", 1) }} as jira_site_url,

        ---------- timestamps
        created as created_at,
        updated as updated_at,
        resolutiondate as resolved_at,

        ---------- lineage
        _file_sha256,
        _row_number

    from source
)

select * from renamed
