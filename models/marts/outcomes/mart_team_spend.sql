{#-
    One row per charge month x team x billing currency: the team's AI spend charged in the month (by the cost
    line's team; 'unassigned' for spend that reaches no team) and where it went in the ledger, by method and,
    for the part that reached no outcome, by reason. Sums over teams and months are safe: every ledger row is
    counted exactly once. Every team-month with spend has a row. estimated_cost is the team's usage that a gateway
    or telemetry priced (x_cost_is_estimated) but no bill in the warehouse covers: shown beside the billed money,
    never added to it.
-#}
{%- set methods = ['direct', 'person_in_flight', 'team_period'] %}
{%- set reasons = [
    'no_outcome_in_flight', 'team_without_outcomes', 'unknown_principal', 'no_principal_in_export',
    'tagged_outcome_not_delivered',
    'rework',
] %}

with

ledger as (
    select * from {{ ref('fct_cost_allocation') }}
),

bucket_lines as (
    select
        charge_month,
        team_id,
        billing_currency,
        count(*) as cost_line_count
    from {{ ref('fct_cost_line_buckets') }}
    group by charge_month, team_id, billing_currency
),

{%- set as_of_at = date_to_utc_timestamp("cast('" ~ var('as_of') ~ "' as date)") %}

estimated as (
    select
        cast({{ dbt.date_trunc('month', 'x_charge_date') }} as date) as charge_month,
        coalesce(x_team_id, 'unassigned') as team_id,
        BillingCurrency as billing_currency,
        sum(x_estimated_cost) as estimated_cost
    from {{ ref('fct_ai_cost') }}
    where x_cost_is_estimated
        and ChargePeriodStart < {{ as_of_at }}
    group by
        cast({{ dbt.date_trunc('month', 'x_charge_date') }} as date), coalesce(x_team_id, 'unassigned'), BillingCurrency
),

team_names as (
    select
        team_id,
        team_name
    from {{ ref('dim_team') }}
),

team_month_spend as (
    select
        charge_month as period_month,
        cost_team_id as team_id,
        billing_currency,
        sum(allocated_cost) as total_cost,
        sum(case when method <> 'unattributed' then allocated_cost else 0 end) as attributed_cost,
        {%- for method in methods %}
            sum(case when method = '{{ method }}' then allocated_cost else 0 end) as {{ method }}_cost,
        {%- endfor %}
        sum(case when method = 'unattributed' then allocated_cost else 0 end) as unattributed_cost,
        {%- for reason in reasons %}
            sum(case when unattributed_reason = '{{ reason }}' then allocated_cost else 0 end)
                as unattributed_{{ reason }}_cost,
        {%- endfor %}
        count(distinct cost_line_id) as cost_line_count
    from ledger
    group by charge_month, cost_team_id, billing_currency
),

final as (
    select
        cast(team_month_spend.period_month as date) as period_month,
        team_month_spend.team_id,
        coalesce(team_names.team_name, team_month_spend.team_id) as team_name,
        team_month_spend.billing_currency,
        cast(team_month_spend.total_cost as {{ money_type() }}) as total_cost,
        cast(team_month_spend.attributed_cost as {{ money_type() }}) as attributed_cost,
        {%- for method in methods %}
            cast(team_month_spend.{{ method }}_cost as {{ money_type() }}) as {{ method }}_cost,
        {%- endfor %}
        cast(team_month_spend.unattributed_cost as {{ money_type() }}) as unattributed_cost,
        {%- for reason in reasons %}
            cast(team_month_spend.unattributed_{{ reason }}_cost as {{ money_type() }})
                as unattributed_{{ reason }}_cost,
        {%- endfor %}
        -- lines with rows of their own, and the lines inside the team's team_period buckets
        cast(team_month_spend.cost_line_count + coalesce(bucket_lines.cost_line_count, 0) as bigint) as cost_line_count,
        cast(coalesce(estimated.estimated_cost, 0) as {{ money_type() }}) as estimated_cost
    from team_month_spend
    left join team_names
        on team_month_spend.team_id = team_names.team_id
    left join bucket_lines
        on team_month_spend.period_month = bucket_lines.charge_month
        and team_month_spend.team_id = bucket_lines.team_id
        and team_month_spend.billing_currency = bucket_lines.billing_currency
    left join estimated
        on team_month_spend.period_month = estimated.charge_month
        and team_month_spend.team_id = estimated.team_id
        and team_month_spend.billing_currency = estimated.billing_currency
)

select * from final
