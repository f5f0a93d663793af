{#-
    Method 4, unattributed: every in-scope cost line no earlier method took, whole, with the reason:
      tagged_outcome_not_delivered  the line names an outcome (a workspace or project dedicated to an issue)
                             that is not delivered before as_of (still open, or closed as not delivered);
                             it waits for that outcome instead of going to others;
      no_principal_in_export the export names no one (an OpenAI costs page not grouped by project or API key):
                             export with group_by project_id and api_key_id to attribute it;
      unknown_principal      no person and no team behind the line;
      no_outcome_in_flight   a person's line with nothing in flight, not routed to the team (var
                             person_idle_cost_to_team false, or the person has no team that day);
      team_without_outcomes  the line reached a team that delivered no outcome in the period.
    One row per cost line. Never dropped: this is the "spend without outcomes" signal.
-#}
{{ window_replace_config('allocation', 'charge_month') }}
-- depends_on: {{ ref('int_allocation__window') }}

{%- set idle_cost_to_team = (var('person_idle_cost_to_team') | string | lower) == 'true' %}

with

cost_lines as (
    select * from {{ ref('int_allocation__cost_lines_in_scope') }}
    where {{ in_incremental_window('charge_month', 'allocation') }}
),

remaining_lines as (
    {{ lines_not_yet_allocated('cost_lines', ['direct', 'person_in_flight', 'team_period_lines']) }}
),

final as (
    select
        cost_line_id,
        'unattributed' as method,
        case
            when coalesce({{ list_length('outcome_refs') }}, 0) > 0 then 'tagged_outcome_not_delivered'
            when principal_kind = 'organization' and person_id is null and team_id is null
                then 'no_principal_in_export'
            when person_id is null and team_id is null then 'unknown_principal'
            {%- if idle_cost_to_team %}
            when person_id is not null and team_id is null then 'no_outcome_in_flight'
            {%- else %}
                when person_id is not null then 'no_outcome_in_flight'
            {%- endif %}
            else 'team_without_outcomes'
        end as unattributed_reason,
        billed_cost as allocated_cost,
        consumed_tokens as allocated_tokens,
        charge_month
    from remaining_lines
)

select * from final
