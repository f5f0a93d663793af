{#- One row per person per stretch of team membership, [valid_from, valid_to) with valid_to null = still true. -#}

with

people as (
    select * from {{ ref('stg_costper__people') }}
),

final as (
    select
        {{ surrogate_key(['person_id', 'valid_from']) }} as person_team_key,
        person_id,
        email,
        display_name,
        team_id,
        coalesce(team_name, team_id) as team_name,
        cost_center,
        manager_email,
        valid_from,
        valid_to,
        {{ valid_on("cast('" ~ var('as_of') ~ "' as date)", 'valid_from', 'valid_to') }} as is_current
    from people
)

select * from final
