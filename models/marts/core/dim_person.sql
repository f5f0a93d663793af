{#-
    One row per person, safe to join on person_id: the people directory's current (else latest) stretch, and the
    people only aliases name so far (is_in_directory false, no team). Team history is dim_team_membership.
-#}

with

people as (
    select * from {{ ref('int_identity__people') }}
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
        stretch_count,
        is_in_directory
    from people
)

select * from final
