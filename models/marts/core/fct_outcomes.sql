{#- One row per delivered outcome (merged PR, resolved Jira issue), attributed to a person and team at occurred_at,
    with its quality signals: an outcome with is_durable false (reverted, or a revert) is rework, kept here but counted by no
    cost-per-outcome mart. -#}

with

outcomes as (
    select * from {{ ref('int_outcomes__unioned') }}
),

final as (
    select
        outcome_id,
        outcome_type,
        source,
        occurred_at,
        started_at,
        occurred_date,
        started_date,
        occurred_month,
        person_id,
        team_id,
        weight,
        ai_assisted,
        ai_evidence,
        ref_keys,
        linked_refs,
        url,
        title,
        ai_agent,
        agent_cost_source,
        is_reverted,
        is_revert,
        reverted_by_outcome_id,
        reverted_at,
        is_reopened,
        is_durable
    from outcomes
)

select * from final
