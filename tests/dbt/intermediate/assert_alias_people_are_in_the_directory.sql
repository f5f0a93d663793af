{{ config(
    severity = 'warn',
    meta = {'explain': "{failures} people named by aliases are not in the people directory: their cost reaches"
        ~ " them but no team until people.csv has them"}
) }}
{#-
    Warns while aliases name people the people directory does not have: their spend and outcomes reach them
    (dim_person lists them, is_in_directory false) but no team, so team figures miss them until people.csv has
    them. One row per such person.
-#}
select
    person_id,
    first_valid_from
from {{ ref('int_identity__people') }}
where not is_in_directory
