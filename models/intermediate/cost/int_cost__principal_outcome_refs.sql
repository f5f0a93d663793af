{#-
    Outcome references found in the names of cost principals (sub-account and principal ids), one row per distinct
    (SubAccountId, x_principal_id) pair that names at least one: a Jira key whose project prefix is a known Jira
    project or Linear team ('wrkspc_01Mig_PAY-312' -> 'jira:PAY-312', int_outcomes__key_prefixes), 'owner/repo#123'
    or a PR URL -> 'github:owner/repo#123', a Zendesk ticket URL -> 'zendesk:<sub>/<id>'.
-#}

with

cost_principals as (
    select distinct
        {{ surrogate_key(['SubAccountId', 'x_principal_id']) }} as principal_names_key,
        SubAccountId as sub_account_id,
        x_principal_id
    from {{ ref('int_cost__unified') }}
),

key_prefixes as (
    select * from {{ ref('int_outcomes__key_prefixes') }}
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
        'principal_names', ['principal_names_key'],
        list_concat(list_concat(github_ref_candidates('principal_name'), pr_url_ref_candidates('principal_name')),
                    zendesk_ref_candidates('principal_name')),
        'outcome_ref'
    ) }}
),

refs_unioned as (
    select
        jira_key_candidates.principal_names_key,
        key_prefixes.key_system || ':' || jira_key_candidates.jira_key as outcome_ref
    from jira_key_candidates
    inner join key_prefixes
        on {{ dbt.split_part('jira_key_candidates.jira_key', "'-'", 1) }} = key_prefixes.key_prefix
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
