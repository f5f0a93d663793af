{#-
    Copilot usage metrics per user and day with the person behind the login and that person's team on that day
    (int_identity__principal_resolution, kind github_login): a mover's days count for the team of each day. A
    login no alias answers keeps no person and no team.
-#}

with

metrics_days as (
    select * from {{ ref('stg_github__copilot_metrics') }}
),

resolution as (
    select * from {{ ref('int_identity__principal_resolution') }}
    where principal_kind = 'github_login'
),

final as (
    select
        metrics_days.metrics_day_id,
        metrics_days.activity_date,
        cast({{ dbt.date_trunc('month', 'metrics_days.activity_date') }} as date) as activity_month,
        metrics_days.user_login_normalized,
        resolution.person_id,
        resolution.team_id,
        metrics_days.suggestions_shown,
        metrics_days.suggestions_accepted,
        metrics_days.lines_suggested,
        metrics_days.lines_added
    from metrics_days
    left join resolution
        on metrics_days.user_login_normalized = resolution.principal_value
        and metrics_days.activity_date = resolution.resolved_on
)

select * from final
