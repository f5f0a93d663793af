{#-
    One row per current Zendesk ticket with its solve: solved_at and reopens from the newest metric set the ticket
    has, the one sideloaded with the ticket (include=metric_sets) or the one from ticket metrics pages (the later
    updated_at wins; the sideload on a tie, as it came with the ticket's own version). Read by the principal
    resolution (who was the assignee on the solve date) and by int_outcomes__zendesk_tickets.
-#}

with

tickets as (
    select * from {{ ref('stg_zendesk__tickets') }}
),

metrics as (
    select * from {{ ref('stg_zendesk__ticket_metrics') }}
),

final as (
    select
        tickets.ticket_id,
        tickets.zendesk_subdomain,
        tickets.assignee_id,
        tickets.status,
        tickets.subject,
        tickets.tags,
        tickets.via_channel,
        tickets.via_followup_source_id,
        tickets.created_at,
        tickets.updated_at,
        case
            when metrics.ticket_id is null then tickets.metric_solved_at
            when tickets.metric_updated_at is null and tickets.metric_solved_at is null then metrics.solved_at
            when metrics.updated_at > tickets.metric_updated_at then metrics.solved_at
            else coalesce(tickets.metric_solved_at, metrics.solved_at)
        end as solved_at,
        case
            when metrics.ticket_id is null then tickets.metric_reopens
            when tickets.metric_updated_at is null and tickets.metric_reopens is null then metrics.reopens
            when metrics.updated_at > tickets.metric_updated_at then metrics.reopens
            else coalesce(tickets.metric_reopens, metrics.reopens)
        end as reopens
    from tickets
    left join metrics
        on tickets.ticket_id = metrics.ticket_id
)

select * from final
