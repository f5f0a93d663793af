{#-
    Outcome references found in a cost line's own tags (FOCUS Tags, CUR resource tags, GCP labels, gateway request
    tags and metadata), one row per cost line whose tags name at least one: a key of a known Jira project or
    Linear team (int_outcomes__key_prefixes: '{"costper-issue": "PAY-312"}' -> 'jira:PAY-312', a branch
    'mira/eng-1047-x' -> 'linear:ENG-1047'), 'owner/repo#123' or a PR URL -> 'github:owner/repo#123', a Zendesk
    ticket URL -> 'zendesk:<sub>/<id>'. The tags are
    read as text, so a key under any tag name counts: the line says which work it was for, the strongest evidence
    there is (method direct).
-#}

with

tagged_lines as (
    select
        cost_line_id,
        cast(Tags as {{ dbt.type_string() }}) as tags_text
    from {{ ref('int_cost__unified') }}
    where Tags is not null
),

key_prefixes as (
    select * from {{ ref('int_outcomes__key_prefixes') }}
),

jira_key_candidates as (
    {{ list_elements('tagged_lines', ['cost_line_id'], jira_key_candidates('tags_text'), 'jira_key') }}
),

github_refs as (
    {{ list_elements(
        'tagged_lines', ['cost_line_id'],
        list_concat(list_concat(github_ref_candidates('tags_text'), pr_url_ref_candidates('tags_text')),
                    zendesk_ref_candidates('tags_text')),
        'outcome_ref'
    ) }}
),

refs_unioned as (
    select
        jira_key_candidates.cost_line_id,
        key_prefixes.key_system || ':' || jira_key_candidates.jira_key as outcome_ref
    from jira_key_candidates
    inner join key_prefixes
        on {{ dbt.split_part('jira_key_candidates.jira_key', "'-'", 1) }} = key_prefixes.key_prefix
    union
    select
        cost_line_id,
        outcome_ref
    from github_refs
),

final as (
    select
        cost_line_id,
        {{ string_list_agg('outcome_ref') }} as outcome_refs
    from refs_unioned
    group by cost_line_id
)

select * from final
