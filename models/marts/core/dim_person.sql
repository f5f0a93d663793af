{#- One row per person per stretch of team membership (slowly changing, [valid_from, valid_to)). -#}

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
