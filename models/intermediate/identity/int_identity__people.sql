{#-
    One row per person: everyone in the people directory (their stretch valid on var('as_of'), else the latest,
    gives email, name, team, cost centre and manager), plus everyone an alias names who is not in the directory
    yet (a company may load who holds which key before its HR export): such a person has no team, and cost reaches
    their outcomes by person_in_flight only.
-#}

with

person_teams as (
    select * from {{ ref('int_identity__person_teams') }}
),

aliases as (
    select * from {{ ref('int_identity__aliases') }}
    where person_id is not null
),

stretches_ranked as (
    select
        *,
        row_number() over (
            partition by person_id order by case when is_current then 0 else 1 end, valid_from desc
        ) as currency_rank,
        min(valid_from) over (partition by person_id) as first_valid_from,
        case when count(*) over (partition by person_id) = count(valid_to) over (partition by person_id)
                then max(valid_to) over (partition by person_id)
        end as last_valid_to,
        count(*) over (partition by person_id) as stretch_count
    from person_teams
),

directory_people as (
    select
        person_id,
        email,
        display_name,
        team_id,
        cost_center,
        manager_email,
        first_valid_from,
        last_valid_to,
        is_current,
        stretch_count,
        true as is_in_directory
    from stretches_ranked
    where currency_rank = 1
),

alias_only_people as (
    select
        aliases.person_id,
        cast(null as {{ dbt.type_string() }}) as email,
        cast(null as {{ dbt.type_string() }}) as display_name,
        cast(null as {{ dbt.type_string() }}) as team_id,
        cast(null as {{ dbt.type_string() }}) as cost_center,
        cast(null as {{ dbt.type_string() }}) as manager_email,
        min(aliases.valid_from) as first_valid_from,
        cast(null as date) as last_valid_to,
        false as is_current,
        cast(0 as bigint) as stretch_count,
        false as is_in_directory
    from aliases
    left join directory_people
        on aliases.person_id = directory_people.person_id
    where directory_people.person_id is null
    group by aliases.person_id
),

final as (
    select * from directory_people
    union all
    select * from alias_only_people
)

select * from final
