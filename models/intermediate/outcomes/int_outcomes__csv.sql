{#-
    One row per outcome of costper's generic outcomes CSV (stg_costper__outcomes): its own type, weight (null = the
    type's default, applied by int_outcomes__unioned) and references. Who delivered it: person_id as given (the
    team the person was in on the occurred date), else the email alias valid that day; the team_id given when
    neither names a team. A person_id or team_id the directory (people, aliases) does not know is dropped.
    Each given reference key is normalised as cost lines' references are (macros/refs/outcome_refs.sql): a PR URL
    or owner/repo#123 to github:owner/repo#123, a Zendesk ticket URL to zendesk:<sub>/<id>, a key of a known Jira
    project or Linear team to jira:KEY / linear:KEY; any other key is kept as written. outcome_id is
    csv:<outcome_id>, so it never collides with another source's outcome.
-#}

with

people as (
    select person_id from {{ ref('int_identity__people') }}
),

person_teams as (
    select * from {{ ref('int_identity__person_teams') }}
),

known_teams as (
    select team_id from person_teams
    where team_id is not null
    union
    select team_id from {{ ref('int_identity__aliases') }}
    where team_id is not null
),

-- a person or team the directory does not know is no one's: the outcome stays, named by nobody
outcomes as (
    select
        given.outcome_id,
        given.outcome_type,
        given.outcome_source,
        given.occurred_at,
        given.started_at,
        people.person_id,
        known_teams.team_id,
        given.email,
        given.ai_assisted,
        given.ref_keys_given,
        given.url,
        given.title,
        given.weight,
        given.outcome_value,
        {{ utc_date('given.occurred_at') }} as occurred_date
    from {{ ref('stg_costper__outcomes') }} as given
    left join people
        on given.person_id = people.person_id
    left join known_teams
        on given.team_id = known_teams.team_id
),

key_prefixes as (
    select * from {{ ref('int_outcomes__key_prefixes') }}
),

principal_resolution as (
    select * from {{ ref('int_identity__principal_resolution') }}
),

given_keys as (
    {{ list_elements('outcomes', ['outcome_id'], 'ref_keys_given', 'given_key') }}
),

url_refs as (
    {{ list_elements(
        'given_keys', ['outcome_id', 'given_key'],
        list_concat(list_concat(pr_url_ref_candidates('given_key'), zendesk_ref_candidates('given_key')),
                    github_ref_candidates('given_key')),
        'outcome_ref'
    ) }}
),

key_candidates as (
    {{ list_elements('given_keys', ['outcome_id', 'given_key'], jira_key_candidates('given_key'), 'candidate_key') }}
),

key_refs as (
    select
        key_candidates.outcome_id,
        key_candidates.given_key,
        key_prefixes.key_system || ':' || key_candidates.candidate_key as outcome_ref
    from key_candidates
    inner join key_prefixes
        on {{ dbt.split_part('key_candidates.candidate_key', "'-'", 1) }} = key_prefixes.key_prefix
    -- a key already written as jira:/linear:/github:/zendesk: is kept as written below
    where key_candidates.given_key not like '%:%' or key_candidates.given_key like 'http%'
),

normalised_refs as (
    select
        outcome_id,
        given_key,
        outcome_ref
    from url_refs
    union all
    select
        outcome_id,
        given_key,
        outcome_ref
    from key_refs
),

outcome_refs as (
    select
        given_keys.outcome_id,
        {{ string_list_agg('coalesce(normalised_refs.outcome_ref, given_keys.given_key)') }} as ref_keys
    from given_keys
    left join normalised_refs
        on given_keys.outcome_id = normalised_refs.outcome_id
        and given_keys.given_key = normalised_refs.given_key
    group by given_keys.outcome_id
),

person_team_matches as (
    select
        outcomes.outcome_id,
        person_teams.team_id,
        row_number() over (partition by outcomes.outcome_id order by person_teams.valid_from desc) as match_rank
    from outcomes
    inner join person_teams
        on outcomes.person_id = person_teams.person_id
        and {{ valid_on('outcomes.occurred_date', 'person_teams.valid_from', 'person_teams.valid_to') }}
),

final as (
    select
        'csv:' || outcomes.outcome_id as outcome_id,
        outcomes.outcome_type,
        coalesce(outcomes.outcome_source, 'csv') as source,
        outcomes.occurred_at,
        coalesce(outcomes.started_at, outcomes.occurred_at) as started_at,
        coalesce(outcomes.person_id, emails.person_id) as person_id,
        coalesce(
            case when outcomes.person_id is not null then person_team_matches.team_id else emails.team_id end,
            outcomes.team_id
        ) as team_id,
        coalesce(outcomes.ai_assisted, false) as ai_assisted,
        case
            when outcomes.ai_assisted then {{ string_list(["'file:ai_assisted'"]) }}
            else {{ empty_string_list() }}
        end as ai_evidence,
        coalesce(outcome_refs.ref_keys, {{ empty_string_list() }}) as ref_keys,
        {{ empty_string_list() }} as linked_refs,
        outcomes.url,
        outcomes.title,
        cast(null as {{ dbt.type_string() }}) as ai_agent,
        cast(null as {{ dbt.type_string() }}) as agent_cost_source,
        outcomes.weight,
        outcomes.outcome_value
    from outcomes
    left join outcome_refs
        on outcomes.outcome_id = outcome_refs.outcome_id
    left join person_team_matches
        on outcomes.outcome_id = person_team_matches.outcome_id
        and person_team_matches.match_rank = 1
    left join principal_resolution as emails
        on emails.principal_kind = 'email'
        and outcomes.email = emails.principal_value
        and outcomes.occurred_date = emails.resolved_on
        and outcomes.person_id is null
)

select * from final
