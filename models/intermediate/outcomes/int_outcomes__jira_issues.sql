{#-
    One row per delivered Jira issue: resolved (resolutiondate not null) with a resolution that is not in the
    jira_non_delivery_resolutions seed. The assignee resolves (int_identity__principal_resolution) to a person through
    the jira_account alias valid on the resolution date, else through the email alias; the team is the person's team
    on that date.
-#}

with

issues as (
    select * from {{ ref('stg_jira__issues') }}
    where resolved_at is not null
),

non_delivery_resolutions as (
    select lower(resolution_name) as resolution_name from {{ ref('jira_non_delivery_resolutions') }}
),

principal_resolution as (
    select * from {{ ref('int_identity__principal_resolution') }}
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

final as (
    select
        'jira:' || issues.issue_key as outcome_id,
        'issue_resolved' as outcome_type,
        'jira' as source,
        issues.resolved_at as occurred_at,
        issues.created_at as started_at,
        -- the account alias first, else the email: one principal decides both person and team
        case when accounts.resolved_on is not null then accounts.person_id else emails.person_id end as person_id,
        case when accounts.resolved_on is not null then accounts.team_id else emails.team_id end as team_id,
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
    left join principal_resolution as accounts
        on accounts.principal_kind = 'jira_account'
        and issues.assignee_account_id = accounts.principal_value
        and issues.resolved_date = accounts.resolved_on
    left join principal_resolution as emails
        on emails.principal_kind = 'email'
        and issues.assignee_email = emails.principal_value
        and issues.resolved_date = emails.resolved_on
)

select * from final
