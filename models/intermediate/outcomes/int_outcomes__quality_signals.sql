{#-
    One row per outcome whose source can tell whether it lasted (README "Durable outcomes"): merged pull requests
    and Zendesk tickets. A PR is_reverted when a revert PR merged within var rework_window_days of it
    (int_outcomes__pull_request_reverts; the earliest such revert is reverted_by_outcome_id); a revert PR is_revert,
    whatever it reverts. Neither is durable: both are rework. A Zendesk ticket is_reopened when its metric set counts
    reopens; it is delivered once, at its final solve (solved_at is the latest solve), so it stays durable. Jira and
    Linear issues are not here: their exports keep the current state only (no changelog or history), and a reopened
    issue is not resolved/completed any more, so it is not an outcome at all.
-#}

with

reverts as (
    select * from {{ ref('int_outcomes__pull_request_reverts') }}
),

pull_requests as (
    select outcome_id from {{ ref('int_outcomes__pull_requests') }}
),

zendesk_tickets as (
    select
        outcome_id,
        reopens
    from {{ ref('int_outcomes__zendesk_tickets') }}
),

reverts_in_window as (
    select
        reverted_pull_request_id,
        revert_pull_request_id,
        revert_merged_at,
        row_number() over (
            partition by reverted_pull_request_id order by revert_merged_at, revert_pull_request_id
        ) as revert_rank
    from reverts
    where is_within_window
),

revert_prs as (
    select distinct revert_pull_request_id from reverts
),

outcomes as (
    select
        outcome_id,
        true as is_pull_request
    from pull_requests
    union all
    select
        outcome_id,
        false as is_pull_request
    from zendesk_tickets
),

final as (
    select
        outcomes.outcome_id,
        -- a signal is null where the outcome's source cannot tell it
        case when outcomes.is_pull_request then reverts_in_window.revert_pull_request_id is not null end
            as is_reverted,
        case when outcomes.is_pull_request then revert_prs.revert_pull_request_id is not null end as is_revert,
        reverts_in_window.revert_pull_request_id as reverted_by_outcome_id,
        reverts_in_window.revert_merged_at as reverted_at,
        case when not outcomes.is_pull_request then coalesce(zendesk_tickets.reopens, 0) > 0 end as is_reopened
    from outcomes
    left join reverts_in_window
        on outcomes.outcome_id = reverts_in_window.reverted_pull_request_id
        and reverts_in_window.revert_rank = 1
    left join revert_prs
        on outcomes.outcome_id = revert_prs.revert_pull_request_id
    left join zendesk_tickets
        on outcomes.outcome_id = zendesk_tickets.outcome_id
)

select * from final
