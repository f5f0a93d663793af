{#-
    The cost lines allocation works on: AI spend (x_is_ai) charged before as_of, with the fields every
    method needs, in snake_case. Every allocation method reads this model, so the scope is decided once.
    (ChargePeriodStart before as_of, a date read as 00:00 UTC).
-#}
{#- a view: every method reads its own window of it, so the lines are never stored twice -#}
{{ config(materialized='view') }}

{%- set as_of_at = date_to_utc_timestamp("cast('" ~ var('as_of') ~ "' as date)") %}

with

ai_cost as (
    select * from {{ ref('int_cost__lines_resolved') }}
    where x_is_ai
        and ChargePeriodStart < {{ as_of_at }}
),

scoped as (
    select
        ---------- ids
        cost_line_id,
        x_person_id as person_id,
        x_team_id as team_id,
        x_outcome_refs as outcome_refs,
        x_principal_kind as principal_kind,
        ---------- strings
        BillingCurrency as billing_currency,
        x_model as model_name,
        x_model_canonical as model_canonical,
        ProviderName as provider_name,
        ---------- numerics
        BilledCost as billed_cost,
        case when ConsumedUnit = 'Tokens' then ConsumedQuantity end as consumed_tokens,
        ---------- dates
        x_charge_date as charge_date,
        cast({{ dbt.date_trunc('month', 'x_charge_date') }} as date) as charge_month
    from ai_cost
)

select * from scoped
