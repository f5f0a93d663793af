{#-
    One row per merged pull request (merged_at not null): its author resolved to a person through the github_login
    alias valid on the merge date, the person's team on that date, AI-assisted evidence (outcome-formats.md section 3)
    and the Jira keys of known projects its branch or title mentions (identity: int_identity__principal_resolution).
    A PR with no team from its author (an AI agent's bot, an unknown contributor) goes to the team a github_login
    alias names for the author, else to the team a github_repo alias names for the repository. PRs authored by a known AI coding agent (seed
    ai_coding_agents; dependabot, renovate and other bots are not evidence) carry the agent and the cost source that
    bills it.
-#}
{%- set evidence_rules = [
    (list_has('labels', "'ai-assisted'"), 'label:ai-assisted'),
    (list_has('labels', "'ai-generated'"), 'label:ai-generated'),
    ("lower(body) like '%generated with [claude code]%'", 'body:Generated with [Claude Code]'),
    ("lower(body) like '%co-authored-by: claude%'", 'body:Co-Authored-By: Claude'),
    ("lower(body) like '%cursoragent@cursor.com%'", 'body:cursoragent@cursor.com'),
    ("lower(body) like '%devin.ai%'", 'body:devin.ai'),
    ("ai_agent is not null", 'author:ai-agent'),
    ("head_ref like 'copilot/%'", 'branch:copilot/'),
    ("head_ref like 'claude/%'", 'branch:claude/'),
    ("head_ref like 'cursor/%'", 'branch:cursor/'),
    ("head_ref like 'codex/%'", 'branch:codex/'),
    ("head_ref like 'devin/%'", 'branch:devin/'),
] -%}
{%- set evidence_exprs = [] -%}
{%- for condition, label in evidence_rules -%}
    {%- do evidence_exprs.append("case when " ~ condition ~ " then '" ~ label ~ "' end") -%}
{%- endfor %}

with

pull_requests as (
    select * from {{ ref('stg_github__pull_requests') }}
    where merged_at is not null
),

principal_resolution as (
    select * from {{ ref('int_identity__principal_resolution') }}
),

ai_coding_agents as (
    select * from {{ ref('ai_coding_agents') }}
),

jira_projects as (
    select distinct project_key from {{ ref('stg_jira__issues') }}
    where project_key is not null
),

pull_requests_with_agents as (
    select
        pull_requests.*,
        {{ utc_date('pull_requests.merged_at') }} as merged_date,
        ai_coding_agents.agent as ai_agent,
        nullif(ai_coding_agents.cost_source, '') as agent_cost_source
    from pull_requests
    left join ai_coding_agents
        on pull_requests.author_login_normalized = ai_coding_agents.login
),

pull_requests_with_evidence as (
    select
        *,
        {{ list_compact(evidence_exprs) }} as ai_evidence
    from pull_requests_with_agents
),

linked_jira_keys as (
    {{ list_elements(
        'pull_requests', ['pull_request_id'],
        jira_key_candidates("coalesce(head_ref, '') || ' ' || coalesce(title, '')"), 'jira_key'
    ) }}
),

linked_refs as (
    select
        linked_jira_keys.pull_request_id,
        {{ string_list_agg("'jira:' || linked_jira_keys.jira_key") }} as linked_refs
    from linked_jira_keys
    inner join jira_projects
        on {{ dbt.split_part('linked_jira_keys.jira_key', "'-'", 1) }} = jira_projects.project_key
    group by linked_jira_keys.pull_request_id
),

final as (
    select
        prs.pull_request_id as outcome_id,
        'pr_merged' as outcome_type,
        'github' as source,
        prs.merged_at as occurred_at,
        prs.created_at as started_at,
        authors.person_id,
        coalesce(authors.team_id, repositories.team_id) as team_id,
        coalesce({{ list_length('prs.ai_evidence') }} > 0, false) as ai_assisted,
        prs.ai_evidence,
        {{ string_list(['prs.pull_request_id']) }} as ref_keys,
        coalesce(linked_refs.linked_refs, {{ empty_string_list() }}) as linked_refs,
        prs.html_url as url,
        prs.title,
        prs.ai_agent,
        prs.agent_cost_source,
        prs.author_login
    from pull_requests_with_evidence as prs
    left join principal_resolution as authors
        on authors.principal_kind = 'github_login'
        and prs.author_login_normalized = authors.principal_value
        and prs.merged_date = authors.resolved_on
    left join principal_resolution as repositories
        on repositories.principal_kind = 'github_repo'
        and prs.repo_full_name = repositories.principal_value
        and prs.merged_date = repositories.resolved_on
    left join linked_refs
        on prs.pull_request_id = linked_refs.pull_request_id
)

select * from final
