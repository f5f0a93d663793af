{#-
    One row per team: from the people directory (name and cost centre of its latest stretch) and from team aliases,
    plus the member 'unassigned' for spend that reaches no team. valid_from / valid_to span the team's memberships.
-#}

with

person_teams as (
    select * from {{ ref('int_identity__person_teams') }}
),

aliases as (
    select * from {{ ref('int_identity__aliases') }}
    where team_id is not null
),

team_stretches as (
    select
        team_id,
        team_name,
        cost_center,
        valid_from,
        valid_to,
        is_current,
        row_number() over (partition by team_id order by valid_from desc, person_id asc) as recency_rank
    from person_teams
    where team_id is not null
),

teams_from_people as (
    select
        team_id,
        max(case when recency_rank = 1 then team_name end) as team_name,
        max(case when recency_rank = 1 then cost_center end) as cost_center,
        min(valid_from) as valid_from,
        case when count(*) = count(valid_to) then max(valid_to) end as valid_to,  -- null while any stretch is open
        max(case when is_current then 1 else 0 end) = 1 as is_current
    from team_stretches
    group by team_id
),

teams_from_aliases_only as (
    select
        aliases.team_id,
        aliases.team_id as team_name,
        cast(null as {{ dbt.type_string() }}) as cost_center,
        cast(null as date) as valid_to,
        true as is_current,
        min(aliases.valid_from) as valid_from
    from aliases
    left join teams_from_people
        on aliases.team_id = teams_from_people.team_id
    where teams_from_people.team_id is null
    group by aliases.team_id
),

unassigned as (
    select
        'unassigned' as team_id,
        '(no team)' as team_name,
        cast(null as {{ dbt.type_string() }}) as cost_center,
        cast('1900-01-01' as date) as valid_from,
        cast(null as date) as valid_to,
        true as is_current
),

{#- every source of teams gives the same columns -#}
{%- set team_columns = ['team_id', 'team_name', 'cost_center', 'valid_from', 'valid_to', 'is_current'] %}

final as (
    {%- for teams in ['teams_from_people', 'teams_from_aliases_only', 'unassigned'] %}
        select {{ team_columns | join(', ') }} from {{ teams }}
        {%- if not loop.last %} union all{% endif %}
    {%- endfor %}
)

select * from final
