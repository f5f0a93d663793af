{#- Copilot usage metrics, one row per current user-day record: suggestions shown and accepted, lines suggested and
    added; counts, no money -#}
with

source as (
    select * from {{ source('github_copilot', 'metrics') }}
    where not _is_superseded  -- a newer report of the same user-day replaces the older one
),

renamed as (
    select
        ---------- ids
        {{ surrogate_key(["'github_copilot_metrics'", 'day', 'user_login', 'organization_id']) }}
            as metrics_day_id,
        {{ normalize_github_login('user_login') }} as user_login_normalized,
        user_id,
        organization_id,
        enterprise_id,

        ---------- numerics
        coalesce(code_generation_activity_count, 0) as suggestions_shown,
        coalesce(code_acceptance_activity_count, 0) as suggestions_accepted,
        coalesce(loc_suggested_to_add_sum, 0) as lines_suggested,
        coalesce(loc_added_sum, 0) as lines_added,
        coalesce(user_initiated_interaction_count, 0) as interactions,

        ---------- booleans
        coalesce(used_chat, false) as used_chat,
        coalesce(used_agent, false) as used_agent,

        ---------- dates
        day as activity_date,

        ---------- lineage
        _file_sha256,
        _row_number

    from source
)

select * from renamed
