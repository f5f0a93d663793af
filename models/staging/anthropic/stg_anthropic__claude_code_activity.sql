{#-
    One row per current Claude Code Analytics record (actor x UTC day): sessions, lines of code, commits and PRs
    by Claude Code, and edit-tool actions accepted and rejected: a quality signal for later (acceptance rate).
-#}
{{ config(incremental_window='cost', window_column='usage_date') }}

with

source as (
    select * from {{ source('anthropic', 'claude_code_usage') }}
    where not _is_superseded  -- a later pull of the actor's day replaces it
),

renamed as (
    select
        ---------- ids
        {{ surrogate_key([
            "'claude_code'", 'usage_date', 'organization_id', 'actor_type', 'actor_email_address',
            'actor_api_key_name', 'terminal_type',
        ]) }} as actor_day_id,
        organization_id,

        ---------- strings
        actor_type,
        lower(actor_email_address) as actor_email,
        actor_api_key_name,
        case when actor_email_address is not null then 'email' else 'api_key' end as principal_kind,
        coalesce(lower(actor_email_address), actor_api_key_name) as principal_id,
        customer_type,
        subscription_type,
        terminal_type,

        ---------- numerics
        num_sessions as session_count,
        lines_added,
        lines_removed,
        commits_by_claude_code,
        pull_requests_by_claude_code,
        coalesce(edit_tool_accepted, 0)
        + coalesce(multi_edit_tool_accepted, 0)
        + coalesce(write_tool_accepted, 0)
        + coalesce(notebook_edit_tool_accepted, 0) as tool_actions_accepted,
        coalesce(edit_tool_rejected, 0)
        + coalesce(multi_edit_tool_rejected, 0)
        + coalesce(write_tool_rejected, 0)
        + coalesce(notebook_edit_tool_rejected, 0) as tool_actions_rejected,
        edit_tool_accepted,
        edit_tool_rejected,
        multi_edit_tool_accepted,
        multi_edit_tool_rejected,
        write_tool_accepted,
        write_tool_rejected,
        notebook_edit_tool_accepted,
        notebook_edit_tool_rejected,

        ---------- json
        model_breakdown,

        ---------- timestamps
        usage_date as usage_start_at,
        {{ utc_date('usage_date') }} as usage_date,

        ---------- lineage
        _file_sha256,
        _row_number

    from source
)

select * from renamed
