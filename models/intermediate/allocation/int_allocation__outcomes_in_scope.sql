{#-
    The outcomes cost can be allocated to: every outcome delivered before as_of, with the fields the
    methods and the outcome marts need. An outcome without started_at is in flight on its delivery day only.
    Outcomes of weight 0 are kept here (they count as outcomes) but receive no cost.
-#}
{%- set as_of_at = date_to_utc_timestamp("cast('" ~ var('as_of') ~ "' as date)") %}

with

outcomes as (
    select * from {{ ref('int_outcomes__unioned') }}
    where occurred_at < {{ as_of_at }}
),

scoped as (
    select
        ---------- ids
        outcome_id,
        person_id,
        team_id,
        ref_keys,
        ---------- strings
        outcome_type,
        source,
        url,
        title,
        ai_agent,
        agent_cost_source,
        ---------- numerics and booleans
        weight,
        ai_assisted,
        ai_evidence,
        ---------- timestamps and dates
        started_at,
        occurred_at,
        occurred_date,
        occurred_month,
        coalesce(started_date, occurred_date) as started_date
    from outcomes
)

select * from scoped
