{#-
    One row per delivered Jira issue: resolved (resolutiondate not null) with a resolution that is not in the
    jira_non_delivery_resolutions seed. The assignee resolves to a person through the jira_account alias valid on the
    resolution date, else through the email alias; the team is the person's team on that date.
-#}

with

issues as (
    select * from {{ ref('stg_jira__issues') }}
    where resolved_at is not null
),

non_delivery_resolutions as (
    select lower(resolution_name) as resolution_name from {{ ref('jira_non_delivery_resolutions') }}
),

aliases as (
    select * from {{ ref('int_identity__aliases') }}
    where alias_kind in ('jira_account', 'email')
),

person_teams as (
    select * from {{ ref('int_identity__person_teams') }}
),

delivered_issues as (
    select
        issues.*,
        {{ utc_date('issues.resolved_at') }} as resolved_date
    from issues
    left join non_delivery_resolutions
        on lower(issues.resolution_name) = non_delivery_resolutions.resolution_name
    where non_delivery_resolutions.resolution_name is null
),

assignee_matches as (
    select
        delivered_issues.issue_id,
        aliases.person_id,
        aliases.team_id as alias_team_id,
        row_number() over (
            partition by delivered_issues.issue_id
            order by
                case aliases.alias_kind when 'jira_account' then 1 else 2 end,
                aliases.alias_priority asc,
                aliases.valid_from desc
        ) as match_rank
    from delivered_issues
    inner join aliases
        on (
            (aliases.alias_kind = 'jira_account' and delivered_issues.assignee_account_id = aliases.alias_value)
            or (aliases.alias_kind = 'email' and delivered_issues.assignee_email = aliases.alias_value)
        )
        and {{ valid_on('delivered_issues.resolved_date', 'aliases.valid_from', 'aliases.valid_to') }}
),

assignee_team_matches as (
    select
        assignee_matches.issue_id,
        person_teams.team_id,
        row_number() over (partition by assignee_matches.issue_id order by person_teams.valid_from desc) as match_rank
    from assignee_matches
    inner join delivered_issues
        on assignee_matches.issue_id = delivered_issues.issue_id
    inner join person_teams
        on assignee_matches.person_id = person_teams.person_id
        and {{ valid_on('delivered_issues.resolved_date', 'person_teams.valid_from', 'person_teams.valid_to') }}
    where assignee_matches.match_rank = 1
),

final as (
    select
        'jira:' || issues.issue_key as outcome_id,
        'issue_resolved' as outcome_type,
        'jira' as source,
        issues.resolved_at as occurred_at,
        issues.created_at as started_at,
        assignee_matches.person_id,
        coalesce(assignee_team_matches.team_id, assignee_matches.alias_team_id) as team_id,
        {{ list_has('issues.labels', "'ai-assisted'") }} as ai_assisted,
        case
            when {{ list_has('issues.labels', "'ai-assisted'") }} then {{ string_list(["'label:ai-assisted'"]) }}
            else {{ empty_string_list() }}
        end as ai_evidence,
        {{ string_list(["'jira:' || issues.issue_key"]) }} as ref_keys,
        {{ empty_string_list() }} as linked_refs,
        coalesce(
            {% if var('jira_base_url', none) %}'{{ var('jira_base_url') | trim('/') }}'{% else %}null{% endif %},
            issues.jira_site_url
        ) || '/browse/' || issues.issue_key as url,
        issues.summary as title,
        cast(null as {{ dbt.type_string() }}) as ai_agent,
        cast(null as {{ dbt.type_string() }}) as agent_cost_source,
        issues.issue_id
    from delivered_issues as issues
    left join assignee_matches
        on issues.issue_id = assignee_matches.issue_id
        and assignee_matches.match_rank = 1
    left join assignee_team_matches
        on issues.issue_id = assignee_team_matches.issue_id
        and assignee_team_matches.match_rank = 1
)

select * from final
