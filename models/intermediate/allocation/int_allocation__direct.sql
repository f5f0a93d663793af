{#-
    Method 1, direct: a cost line whose outcome references (x_outcome_refs) share a key with an
    outcome's ref_keys goes entirely to the outcomes it names, split by outcome weight.
    One row per cost line x matched outcome.
-#}
with

cost_lines as (
    select * from {{ ref('int_allocation__cost_lines_in_scope') }}
),

outcomes as (
    select * from {{ ref('int_allocation__outcomes_in_scope') }}
    where weight > 0
),

cost_line_ref_keys as (
    {{ list_elements('cost_lines', ['cost_line_id'], 'outcome_refs', 'ref_key') }}
),

outcome_ref_keys as (
    {{ list_elements('outcomes', ['outcome_id'], 'ref_keys', 'ref_key') }}
),

matched_pairs as (
    select distinct
        cost_line_ref_keys.cost_line_id,
        outcome_ref_keys.outcome_id
    from cost_line_ref_keys
    inner join outcome_ref_keys
        on cost_line_ref_keys.ref_key = outcome_ref_keys.ref_key
),

lines_joined_to_outcomes as (
    select
        matched_pairs.cost_line_id,
        matched_pairs.outcome_id,
        outcomes.weight as outcome_weight,
        cost_lines.billed_cost,
        cost_lines.consumed_tokens
    from matched_pairs
    inner join cost_lines
        on matched_pairs.cost_line_id = cost_lines.cost_line_id
    inner join outcomes
        on matched_pairs.outcome_id = outcomes.outcome_id
),

final as (
    select
        cost_line_id,
        outcome_id,
        'direct' as method,
        outcome_weight,
        {{ allocate_by_weight('billed_cost', 'outcome_weight', ['cost_line_id'], ['outcome_id']) }}
            as allocated_cost,
        {{ allocate_by_weight('consumed_tokens', 'outcome_weight', ['cost_line_id'], ['outcome_id']) }}
            as allocated_tokens
    from lines_joined_to_outcomes
)

select * from final
