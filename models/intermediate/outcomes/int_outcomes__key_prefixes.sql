{#-
    The registry of known outcome key prefixes (shared/reference/outcome-formats.md section 7): a key such as
    ENG-1047 found in a branch, tag or principal name is an outcome reference only when its prefix is a known Jira
    project or Linear team. A prefix known to both gives both candidates (never one picked silently).
-#}

with

jira_projects as (
    select distinct project_key as key_prefix from {{ ref('stg_jira__issues') }}
    where project_key is not null
),

linear_teams as (
    select distinct team_key as key_prefix from {{ ref('stg_linear__issues') }}
    where team_key is not null
),

final as (
    select
        key_prefix,
        'jira' as key_system
    from jira_projects
    union all
    select
        key_prefix,
        'linear' as key_system
    from linear_teams
)

select * from final
