{#-
    Cursor calls as cost lines, one per call, from the Admin API's usage events and the dashboard CSV: billed what
    Cursor charged (chargedCents, else totalCents, in dollars; the CSV's Cost), 0 for calls included in the plan
    or free. ListCost is the call's model cost at Cursor's rates. The principal is the user's email, as a
    cursor_user where the aliases name that address (a Cursor login that is not the work email), else as email
    (the people directory's own addresses).
-#}

with

api_events as (
    select * from {{ ref('stg_cursor__usage_events') }}
),

csv_events as (
    select * from {{ ref('stg_cursor__usage_csv') }}
),

cursor_user_aliases as (
    select distinct alias_value from {{ ref('int_identity__aliases') }}
    where alias_kind = 'cursor_user'
),

events as (
    select
        usage_event_id,
        'cursor_usage_events' as x_source,
        user_email,
        model_name,
        billing_kind,
        event_at,
        charge_date,
        case when is_not_billed then cast(0 as {{ money_type() }}) else charged_cost end as billed_cost,
        model_cost as list_cost
    from api_events

    union all

    select
        usage_event_id,
        'cursor_usage_csv' as x_source,
        user_email,
        model_name,
        billing_kind,
        event_at,
        charge_date,
        charged_cost as billed_cost,
        cast(null as {{ money_type() }}) as list_cost
    from csv_events
),

final as (
    select
        events.usage_event_id as cost_line_id,
        events.usage_event_id as source_cost_line_id,
        events.x_source,
        'cursor' as provider,
        'Cursor' as provider_name,
        'Cursor' as service_name,
        {{ dbt.concat(["coalesce(events.billing_kind, 'call')", "coalesce(' | ' || events.model_name, '')"]) }}
            as charge_description,
        events.event_at as charge_period_start_at,
        -- the call is billed on its UTC day: the period ends at the next day's start
        {{ date_to_utc_timestamp(dbt.dateadd('day', 1, 'events.charge_date')) }} as charge_period_end_at,
        events.charge_date,
        events.billed_cost,
        'USD' as billing_currency,
        cast(null as {{ dbt.type_string() }}) as sub_account_id,
        'cursor_team' as sub_account_kind,
        cast(1 as {{ money_type() }}) as consumed_quantity,
        'Requests' as consumed_unit,
        events.model_name,
        lower(coalesce(events.billing_kind, 'call')) as provider_token_type,
        'request' as x_token_type,
        cast(null as {{ dbt.type_string() }}) as cache_ttl,
        case when cursor_user_aliases.alias_value is not null then 'cursor_user' else 'email' end as principal_kind,
        events.user_email as principal_id,
        'billed_line' as distribution,
        false as is_list_priceable,
        'AI and Machine Learning' as service_category,
        cast(null as {{ dbt.type_string() }}) as charge_category,
        cast(null as {{ money_type() }}) as effective_cost,
        events.list_cost,
        cast(null as {{ dbt.type_string() }}) as tags,
        cast(null as {{ dbt.type_string() }}) as team_hint,
        true as x_is_ai,
        false as x_cost_is_estimated,
        cast(null as {{ money_type() }}) as estimated_cost
    from events
    left join cursor_user_aliases
        on events.user_email = cursor_user_aliases.alias_value
)

select * from final
