{#-
    One row per delivered Zendesk ticket: status solved or closed with a solved_at from its metric set
    (int_outcomes__zendesk_ticket_solves). The assignee resolves through the zendesk_user alias valid on the solve
    date; the team is the person's team that day. A ticket an AI agent resolved (an AI-agent tag or via channel) is
    AI-assisted, with that as its evidence. Its reference is zendesk:<subdomain>/<id> (zendesk:<id> when the
    subdomain is unknown).
-#}
{%- set ai_agent_tags = ['ai_agent', 'ai_agent_resolved', 'ai_agent_automated_resolution', 'automated_resolution',
                         'answer_bot_resolved', 'zendesk_ai_agent'] -%}
{%- set ai_agent_channels = ['ai_agent', 'answer_bot', 'answer_bot_api', 'answer_bot_for_agents',
                             'answer_bot_for_sdk', 'answer_bot_for_slack', 'answer_bot_for_web_widget'] -%}
{%- set evidence_exprs = [] -%}
{%- for tag in ai_agent_tags -%}
    {%- do evidence_exprs.append("case when " ~ list_has('tags', "'" ~ tag ~ "'") ~ " then 'tag:" ~ tag ~ "' end") -%}
{%- endfor -%}
{%- for channel in ai_agent_channels -%}
    {%- do evidence_exprs.append("case when via_channel = '" ~ channel ~ "' then 'via:" ~ channel ~ "' end") -%}
{%- endfor %}

with

tickets as (
    select * from {{ ref('int_outcomes__zendesk_ticket_solves') }}
    where status in ('solved', 'closed') and solved_at is not null
),

principal_resolution as (
    select * from {{ ref('int_identity__principal_resolution') }}
),

tickets_with_evidence as (
    select
        *,
        {{ utc_date('solved_at') }} as solved_date,
        'zendesk:' || coalesce(zendesk_subdomain || '/', '') || cast(ticket_id as {{ dbt.type_string() }})
            as ticket_ref,
        {{ list_compact(evidence_exprs) }} as ai_evidence
    from tickets
),

final as (
    select
        tickets.ticket_ref as outcome_id,
        'ticket_solved' as outcome_type,
        'zendesk' as source,
        tickets.solved_at as occurred_at,
        tickets.created_at as started_at,
        assignees.person_id,
        assignees.team_id,
        coalesce({{ list_length('tickets.ai_evidence') }} > 0, false) as ai_assisted,
        tickets.ai_evidence,
        {{ string_list(['tickets.ticket_ref']) }} as ref_keys,
        {{ empty_string_list() }} as linked_refs,
        case
            when tickets.zendesk_subdomain is not null
                then 'https://' || tickets.zendesk_subdomain || '.zendesk.com/agent/tickets/'
                    || cast(tickets.ticket_id as {{ dbt.type_string() }})
        end as url,
        tickets.subject as title,
        case when {{ list_length('tickets.ai_evidence') }} > 0 then 'zendesk_ai_agent' end as ai_agent,
        cast(null as {{ dbt.type_string() }}) as agent_cost_source,
        tickets.ticket_id,
        tickets.reopens
    from tickets_with_evidence as tickets
    left join principal_resolution as assignees
        on assignees.principal_kind = 'zendesk_user'
        and tickets.assignee_id = assignees.principal_value
        and tickets.solved_date = assignees.resolved_on
)

select * from final
