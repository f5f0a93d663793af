{#-
    How much of what Copilot suggested people kept: per month, team and person, the suggestions shown and accepted
    and the lines suggested and added, as exact integer counts, and their ratios with exact_ratio (6 decimals, half
    away from zero; null when nothing was shown). A quality signal beside the cost marts, not cost. A login no alias
    answers is its own row (person and team null, unresolved_github_login set), never dropped.
-#}

with

acceptance_days as (
    select * from {{ ref('int_efficiency__copilot_acceptance_days') }}
),

scoped as (
    select
        *,
        case when person_id is null then user_login_normalized end as unresolved_github_login
    from acceptance_days
),

monthly as (
    select
        activity_month,
        team_id,
        person_id,
        unresolved_github_login,
        count(distinct activity_date) as active_days,
        sum(suggestions_shown) as suggestions_shown,
        sum(suggestions_accepted) as suggestions_accepted,
        sum(lines_suggested) as lines_suggested,
        sum(lines_added) as lines_added
    from scoped
    group by 1, 2, 3, 4
),

final as (
    select
        {{ surrogate_key(['activity_month', 'team_id', 'person_id', 'unresolved_github_login']) }}
            as copilot_acceptance_id,
        activity_month,
        team_id,
        person_id,
        unresolved_github_login,
        cast(active_days as bigint) as active_days,
        cast(suggestions_shown as bigint) as suggestions_shown,
        cast(suggestions_accepted as bigint) as suggestions_accepted,
        {{ exact_ratio('suggestions_accepted', 'suggestions_shown', 6) }} as acceptance_rate,
        cast(lines_suggested as bigint) as lines_suggested,
        cast(lines_added as bigint) as lines_added,
        {{ exact_ratio('lines_added', 'lines_suggested', 6) }} as line_acceptance_rate
    from monthly
)

select * from final
