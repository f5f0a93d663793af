{#- Every delivered outcome from every source, one row per outcome, with its default weight from the seed (or the
    weight the outcome's own row gives, where its source has one), and its quality signals (int_outcomes__quality_signals):
    is_durable false for a reverted PR and a revert PR, whose cost the ledger reports as rework. -#}

with

pull_requests as (
    select * from {{ ref('int_outcomes__pull_requests') }}
),

jira_issues as (
    select * from {{ ref('int_outcomes__jira_issues') }}
),

linear_issues as (
    select * from {{ ref('int_outcomes__linear_issues') }}
),

zendesk_tickets as (
    select * from {{ ref('int_outcomes__zendesk_tickets') }}
),

csv_outcomes as (
    select * from {{ ref('int_outcomes__csv') }}
),

-- a source that gives an outcome its own weight (the generic CSV's weight column) overrides the type's default
weight_overrides as (
    select
        outcome_id,
        weight
    from csv_outcomes
    where weight is not null
),

quality_signals as (
    select * from {{ ref('int_outcomes__quality_signals') }}
),

outcome_type_defaults as (
    select * from {{ ref('outcome_type_defaults') }}
),

{#- every outcome source gives the same columns; a new source is one more name in the list -#}
{%- set outcome_columns = [
    'outcome_id', 'outcome_type', 'source', 'occurred_at', 'started_at', 'person_id', 'team_id',
    'ai_assisted', 'ai_evidence', 'ref_keys', 'linked_refs', 'url', 'title', 'ai_agent', 'agent_cost_source',
] %}

outcomes_unioned as (
    {%- for outcomes in ['pull_requests', 'jira_issues', 'linear_issues', 'zendesk_tickets', 'csv_outcomes'] %}
        select {{ outcome_columns | join(', ') }} from {{ outcomes }}
        {%- if not loop.last %} union all{% endif %}
    {%- endfor %}
),

final as (
    select
        outcomes_unioned.outcome_id,
        outcomes_unioned.outcome_type,
        outcomes_unioned.source,
        outcomes_unioned.occurred_at,
        outcomes_unioned.started_at,
        {{ utc_date('outcomes_unioned.occurred_at') }} as occurred_date,
        {{ utc_date('outcomes_unioned.started_at') }} as started_date,
        cast({{ dbt.date_trunc('month', utc_date('outcomes_unioned.occurred_at')) }} as date) as occurred_month,
        outcomes_unioned.person_id,
        outcomes_unioned.team_id,
        cast(coalesce(weight_overrides.weight, outcome_type_defaults.default_weight, 1) as decimal(18, 6)) as weight,
        outcomes_unioned.ai_assisted,
        outcomes_unioned.ai_evidence,
        outcomes_unioned.ref_keys,
        outcomes_unioned.linked_refs,
        outcomes_unioned.url,
        outcomes_unioned.title,
        outcomes_unioned.ai_agent,
        outcomes_unioned.agent_cost_source,
        quality_signals.is_reverted,
        quality_signals.is_revert,
        quality_signals.reverted_by_outcome_id,
        quality_signals.reverted_at,
        quality_signals.is_reopened,
        -- a reverted PR and a revert PR are rework, not delivered outcomes (README "Durable outcomes")
        not coalesce(quality_signals.is_reverted or quality_signals.is_revert, false) as is_durable
    from outcomes_unioned
    left join outcome_type_defaults
        on outcomes_unioned.outcome_type = outcome_type_defaults.outcome_type
    left join weight_overrides
        on outcomes_unioned.outcome_id = weight_overrides.outcome_id
    left join quality_signals
        on outcomes_unioned.outcome_id = quality_signals.outcome_id
)

select * from final
