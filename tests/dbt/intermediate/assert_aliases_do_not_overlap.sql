{#-
    One principal should name one person or team at a time. Where two stretches of the same alias overlap and
    point to different people or teams, resolution takes the later one: probably not what the directory meant.
    A warning with both stretches, so the aliases file can be fixed.
-#}
{{ config(
    severity = 'warn',
    meta = {'explain': "{failures} alias stretches overlap and name different people or teams: resolution takes"
        ~ " the later one; fix the aliases file"}
) }}

with

aliases as (
    select * from {{ ref('int_identity__aliases') }}
    where alias_origin = 'aliases_file'
)

select
    earlier.alias_kind,
    earlier.alias_value,
    earlier.valid_from as earlier_from,
    earlier.valid_to as earlier_to,
    later.valid_from as later_from,
    coalesce(earlier.person_id, earlier.team_id) as earlier_owner,
    coalesce(later.person_id, later.team_id) as later_owner
from aliases as earlier
inner join aliases as later
    on earlier.alias_kind = later.alias_kind
    and earlier.alias_value = later.alias_value
    and earlier.valid_from < later.valid_from
    and (earlier.valid_to is null or later.valid_from < earlier.valid_to)
where coalesce(earlier.person_id, earlier.team_id) <> coalesce(later.person_id, later.team_id)
