{#-
    The outcomes cost can be allocated to: every outcome delivered before as_of, with the fields the
    methods and the outcome marts need. An outcome without started_at is in flight on its delivery day only.
    Outcomes of weight 0 are kept here (they count as outcomes) but receive no cost. An outcome delivered by an AI
    agent whose cost source is not loaded has is_cost_known false: its cost is unknown, so no heuristic method
    spreads other spend over it (only spend that names it, direct, reaches it). An outcome with is_durable false
    (reverted, or a revert) takes its shares like any other, and the ledger turns them into rework.
-#}
{%- set as_of_at = date_to_utc_timestamp("cast('" ~ var('as_of') ~ "' as date)") %}

with

outcomes as (
    select * from {{ ref('int_outcomes__unioned') }}
    where occurred_at < {{ as_of_at }}
),

loaded_cost_sources as (
    select distinct x_source from {{ ref('int_cost__lines_resolved') }}
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
        agent_cost_source is null
        or agent_cost_source in (select loaded_cost_sources.x_source from loaded_cost_sources) as is_cost_known,
        ---------- numerics and booleans
        weight,
        ai_assisted,
        ai_evidence,
        is_durable,
        ---------- timestamps and dates
        started_at,
        occurred_at,
        occurred_date,
        occurred_month,
        coalesce(started_date, occurred_date) as started_date
    from outcomes
)

select * from scoped
