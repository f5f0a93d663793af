{#-
    One row per person: the stretch valid on var('as_of') when there is one, else the latest, gives the person's
    current email, name, team, cost centre and manager. Safe to join on person_id; team history is
    dim_team_membership.
-#}

with

person_teams as (
    select * from {{ ref('int_identity__person_teams') }}
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

final as (
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
        stretch_count
    from stretches_ranked
    where currency_rank = 1
)

select * from final
