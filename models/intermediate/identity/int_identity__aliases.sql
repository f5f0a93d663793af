{#-
    Every principal alias with its validity: the alias file, plus one implicit kind=email alias per people row
    (a person's email names them while that row is valid). Resolution of a principal (kind, value) on date d takes
    the alias valid on d, preferring the alias file (alias_priority 1) over the implicit email (2), then the latest
    valid_from.
-#}

with

aliases as (
    select * from {{ ref('stg_costper__aliases') }}
),

people as (
    select * from {{ ref('stg_costper__people') }}
),

aliases_unioned as (
    select
        alias_kind,
        alias_value,
        person_id,
        team_id,
        valid_from,
        valid_to,
        'aliases_file' as alias_origin,
        1 as alias_priority,
        note
    from aliases

    union all

    select
        'email' as alias_kind,
        email as alias_value,
        person_id,
        cast(null as {{ dbt.type_string() }}) as team_id,
        valid_from,
        valid_to,
        'people_email' as alias_origin,
        2 as alias_priority,
        cast(null as {{ dbt.type_string() }}) as note
    from people
    where email is not null
),

final as (
    select
        {{ surrogate_key(['alias_kind', 'alias_value', 'valid_from', 'alias_origin']) }} as alias_key,
        alias_kind,
        alias_value,
        person_id,
        case when person_id is null then team_id end as team_id,  -- exactly one of the two
        valid_from,
        valid_to,
        alias_origin,
        alias_priority,
        note
    from aliases_unioned
)

select * from final
