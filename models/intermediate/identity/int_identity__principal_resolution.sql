{#-
    Who was behind a principal on a date, resolved once for cost and for outcomes: one row per (principal_kind,
    principal_value, resolved_on) that a cost line (its principal and its sub-account, on the charge date) or an
    outcome (a PR's author login and repository on the merge date, a Jira assignee's account and email on the
    resolution date, a Linear assignee's user id and email on the completion date, a Zendesk assignee on the solve
    date, an outcomes-CSV email on the occurred date, a Copilot
    metrics login on its day) asks about and an alias answers. The alias valid that day
    wins (the alias file before a person's own email, then the latest valid_from); a person's team is the people row valid that day (latest
    valid_from), else the team the alias itself names. principal_value is the value as the asker has it; it is
    compared with aliases as aliases are normalised (emails lower-case). Consumers join by equality on the key.
-#}

with

cost_lines as (
    select * from {{ ref('int_cost__unified') }}
),

pull_requests as (
    select * from {{ ref('stg_github__pull_requests') }}
    where merged_at is not null
),

jira_issues as (
    select * from {{ ref('stg_jira__issues') }}
    where resolved_at is not null
),

linear_issues as (
    select * from {{ ref('stg_linear__issues') }}
    where completed_at is not null
),

zendesk_tickets as (
    select * from {{ ref('int_outcomes__zendesk_ticket_solves') }}
    where solved_at is not null
),

csv_outcomes as (
    select * from {{ ref('stg_costper__outcomes') }}
    where email is not null
),

copilot_metrics as (
    select * from {{ ref('stg_github__copilot_metrics') }}
),

aliases as (
    select * from {{ ref('int_identity__aliases') }}
),

person_teams as (
    select * from {{ ref('int_identity__person_teams') }}
),

asked as (
    select
        x_principal_kind as principal_kind,
        x_principal_id as principal_value,
        x_charge_date as resolved_on
    from cost_lines
    union
    select
        x_sub_account_kind as principal_kind,
        SubAccountId as principal_value,
        x_charge_date as resolved_on
    from cost_lines
    union
    select
        'github_login' as principal_kind,
        author_login_normalized as principal_value,
        {{ utc_date('merged_at') }} as resolved_on
    from pull_requests
    union
    select
        'github_repo' as principal_kind,
        repo_full_name as principal_value,
        {{ utc_date('merged_at') }} as resolved_on
    from pull_requests
    union
    select
        'jira_account' as principal_kind,
        assignee_account_id as principal_value,
        {{ utc_date('resolved_at') }} as resolved_on
    from jira_issues
    union
    select
        'email' as principal_kind,
        assignee_email as principal_value,
        {{ utc_date('resolved_at') }} as resolved_on
    from jira_issues
    union
    select
        'linear_user' as principal_kind,
        assignee_id as principal_value,
        {{ utc_date('completed_at') }} as resolved_on
    from linear_issues
    union
    select
        'email' as principal_kind,
        assignee_email as principal_value,
        {{ utc_date('completed_at') }} as resolved_on
    from linear_issues
    union
    select
        'zendesk_user' as principal_kind,
        assignee_id as principal_value,
        {{ utc_date('solved_at') }} as resolved_on
    from zendesk_tickets
    union
    select
        'email' as principal_kind,
        email as principal_value,
        {{ utc_date('occurred_at') }} as resolved_on
    from csv_outcomes
    union
    select
        'github_login' as principal_kind,
        user_login_normalized as principal_value,
        activity_date as resolved_on
    from copilot_metrics
),

requests as (
    select
        principal_kind,
        principal_value,
        resolved_on,
        case principal_kind
            when 'email' then lower(trim(principal_value)) else principal_value
        end as alias_value
    from asked
    where principal_value is not null
),

alias_matches as (
    select
        requests.principal_kind,
        requests.principal_value,
        requests.resolved_on,
        aliases.person_id,
        aliases.team_id as alias_team_id,
        row_number() over (
            partition by requests.principal_kind, requests.principal_value, requests.resolved_on
            order by aliases.alias_priority asc, aliases.valid_from desc
        ) as match_rank
    from requests
    inner join aliases
        on requests.principal_kind = aliases.alias_kind
        and requests.alias_value = aliases.alias_value
        and {{ valid_on('requests.resolved_on', 'aliases.valid_from', 'aliases.valid_to') }}
),

resolved_aliases as (
    select * from alias_matches
    where match_rank = 1
),

person_team_matches as (
    select
        resolved_aliases.principal_kind,
        resolved_aliases.principal_value,
        resolved_aliases.resolved_on,
        person_teams.team_id,
        row_number() over (
            partition by
                resolved_aliases.principal_kind, resolved_aliases.principal_value, resolved_aliases.resolved_on
            order by person_teams.valid_from desc
        ) as match_rank
    from resolved_aliases
    inner join person_teams
        on resolved_aliases.person_id = person_teams.person_id
        and {{ valid_on('resolved_aliases.resolved_on', 'person_teams.valid_from', 'person_teams.valid_to') }}
),

final as (
    select
        {{ surrogate_key([
            'resolved_aliases.principal_kind', 'resolved_aliases.principal_value', 'resolved_aliases.resolved_on'
        ]) }} as principal_resolution_key,
        resolved_aliases.principal_kind,
        resolved_aliases.principal_value,
        resolved_aliases.resolved_on,
        resolved_aliases.person_id,
        coalesce(person_team_matches.team_id, resolved_aliases.alias_team_id) as team_id
    from resolved_aliases
    left join person_team_matches
        on resolved_aliases.principal_kind = person_team_matches.principal_kind
        and resolved_aliases.principal_value = person_team_matches.principal_value
        and resolved_aliases.resolved_on = person_team_matches.resolved_on
        and person_team_matches.match_rank = 1
)

select * from final
