{#-
    Outcome references found in the names of cost principals (sub-account and principal ids), one row per distinct
    (SubAccountId, x_principal_id) pair that names at least one: a Jira key whose project prefix is a known Jira
    project ('wrkspc_01Mig_PAY-312' -> 'jira:PAY-312'), or 'owner/repo#123' -> 'github:owner/repo#123'.
-#}

with

cost_principals as (
    select distinct
        {{ surrogate_key(['SubAccountId', 'x_principal_id']) }} as principal_names_key,
        SubAccountId as sub_account_id,
        x_principal_id
    from {{ ref('int_cost__unified') }}
),

jira_projects as (
    select distinct project_key from {{ ref('stg_jira__issues') }}
    where project_key is not null
),

principal_names as (
    select
        principal_names_key,
        sub_account_id as principal_name
    from cost_principals
    where sub_account_id is not null
    union
    select
        principal_names_key,
        x_principal_id as principal_name
    from cost_principals
    where x_principal_id is not null
),

jira_key_candidates as (
    {{ list_elements('principal_names', ['principal_names_key'], jira_key_candidates('principal_name'), 'jira_key') }}
),

github_refs as (
    {{ list_elements(
        'principal_names', ['principal_names_key'], github_ref_candidates('principal_name'), 'outcome_ref'
    ) }}
),

refs_unioned as (
    select
        jira_key_candidates.principal_names_key,
        'jira:' || jira_key_candidates.jira_key as outcome_ref
    from jira_key_candidates
    inner join jira_projects
        on {{ dbt.split_part('jira_key_candidates.jira_key', "'-'", 1) }} = jira_projects.project_key
    union all
    select
        principal_names_key,
        outcome_ref
    from github_refs
),

final as (
    select
        principal_names_key,
        {{ string_list_agg('outcome_ref') }} as outcome_refs
    from refs_unioned
    group by principal_names_key
)

select * from final
