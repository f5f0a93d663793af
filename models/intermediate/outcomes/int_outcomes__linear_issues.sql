{#-
    One row per delivered Linear issue: completed (state type 'completed' with a completedAt). Canceled and
    duplicate issues are not delivered, nor an issue reopened after completion (its state left 'completed' while
    completedAt may stay). The assignee resolves (int_identity__principal_resolution) through the linear_user
    alias valid on the completion date, else through the email alias; the team is the person's team that day.
    AI-assisted when delegated to an agent, assigned to an app user, or labelled ai-assisted / ai-generated.
-#}
{%- set evidence_rules = [
    (list_has('labels', "'ai-assisted'"), "'label:ai-assisted'"),
    (list_has('labels', "'ai-generated'"), "'label:ai-generated'"),
    ("delegate_id is not null", "'delegate:' || coalesce(delegate_name, delegate_id)"),
    ("coalesce(assignee_is_app, false)", "'assignee:app'"),
] -%}
{%- set evidence_exprs = [] -%}
{%- for condition, label in evidence_rules -%}
    {%- do evidence_exprs.append("case when " ~ condition ~ " then " ~ label ~ " end") -%}
{%- endfor %}

with

issues as (
    select * from {{ ref('stg_linear__issues') }}
    where state_type = 'completed' and completed_at is not null
),

principal_resolution as (
    select * from {{ ref('int_identity__principal_resolution') }}
),

issues_with_evidence as (
    select
        *,
        {{ utc_date('completed_at') }} as completed_date,
        {{ list_compact(evidence_exprs) }} as ai_evidence
    from issues
),

previous_keys as (
    {{ list_elements('issues_with_evidence', ['issue_id'], 'previous_identifiers', 'previous_key') }}
),

previous_refs as (
    select
        issue_id,
        {{ string_list_agg("'linear:' || upper(previous_key)") }} as previous_refs
    from previous_keys
    group by issue_id
),

final as (
    select
        'linear:' || issues.issue_key as outcome_id,
        'issue_resolved' as outcome_type,
        'linear' as source,
        issues.completed_at as occurred_at,
        coalesce(issues.started_at, issues.created_at) as started_at,
        -- the Linear user alias first, else the email: one principal decides both person and team
        case when users.resolved_on is not null then users.person_id else emails.person_id end as person_id,
        case when users.resolved_on is not null then users.team_id else emails.team_id end as team_id,
        coalesce({{ list_length('issues.ai_evidence') }} > 0, false) as ai_assisted,
        issues.ai_evidence,
        -- the identifier and the ones it had before a team move: a cost line may name any of them
        {{ list_concat(string_list(["'linear:' || issues.issue_key"]), 'previous_refs.previous_refs') }} as ref_keys,
        {{ empty_string_list() }} as linked_refs,
        issues.url,
        issues.title,
        case when issues.delegate_is_app then issues.delegate_name end as ai_agent,
        cast(null as {{ dbt.type_string() }}) as agent_cost_source,
        issues.issue_id
    from issues_with_evidence as issues
    left join previous_refs
        on issues.issue_id = previous_refs.issue_id
    left join principal_resolution as users
        on users.principal_kind = 'linear_user'
        and issues.assignee_id = users.principal_value
        and issues.completed_date = users.resolved_on
    left join principal_resolution as emails
        on emails.principal_kind = 'email'
        and issues.assignee_email = emails.principal_value
        and issues.completed_date = emails.resolved_on
)

select * from final
