{#- One row per ticket: the export's latest version of it (raw keeps the row with the latest generated_timestamp). -#}
with

source as (
    select * from {{ source('zendesk', 'tickets') }}
    where not _is_superseded  -- a later version of the ticket replaces the older one
),

renamed as (
    select
        ---------- ids
        id as ticket_id,
        coalesce(
            {% if var('zendesk_subdomain', none) %}'{{ var('zendesk_subdomain') | lower }}'{% else %}null{% endif %},
            lower({{ regex_extract('url', "'^https?://([^./]+)\\.zendesk\\.com/'", 1) }})
        ) as zendesk_subdomain,
        cast(assignee_id as {{ dbt.type_string() }}) as assignee_id,
        group_id,
        requester_id,
        organization_id,
        brand_id,
        via_followup_source_id,
        custom_status_id,

        ---------- strings
        lower(status) as status,
        subject,
        type as ticket_type,
        priority,
        tags,
        lower(via_channel) as via_channel,
        lower(via_source_rel) as via_source_rel,

        ---------- numerics
        metric_reopens,

        ---------- timestamps
        created_at,
        updated_at,
        generated_timestamp as generated_at,
        metric_solved_at,
        metric_updated_at,

        ---------- lineage
        _file_sha256,
        _row_number

    from source
)

select * from renamed
