{#- One row per person per stretch of team membership (slowly changing, [valid_from, valid_to)): who was in which
    team when. Join it on person_id and a date inside [valid_from, valid_to), never on person_id alone. -#}

with

person_teams as (
    select * from {{ ref('int_identity__person_teams') }}
),

final as (
    select
        person_team_key,
        person_id,
        email,
        display_name,
        team_id,
        cost_center,
        manager_email,
        valid_from,
        valid_to,
        is_current
    from person_teams
)

select * from final
