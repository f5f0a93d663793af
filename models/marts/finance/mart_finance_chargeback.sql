{#-
    One row per charge month x cost centre x team x provider x billing currency x allocation basis: what each
    team is charged, by the month of the charge date (not of the outcome's delivery), so a month of it sums
    to the provider's bill: a cloud bill's non-AI lines too, with the AI part in ai_billed_cost. A line's team is
    the one its principal reached on the charge date (int_cost__lines_resolved); its
    cost centre is the person's cost centre on that day (people.csv), else the team's (dim_team). Cost that reached
    no team is charged to team 'unassigned' and cost centre 'unassigned', never dropped. Credits that only the
    invoice carries (mart_finance_invoice_reconciliation.invoice_only_credits) are a row of their own, on
    'unassigned', basis 'invoice_credit'.
-#}
{%- set as_of = "cast('" ~ var('as_of') ~ "' as date)" %}

with

cost_lines as (
    select * from {{ ref('int_cost__lines_resolved') }}
    where ChargePeriodStart < {{ date_to_utc_timestamp(as_of) }}
        and not coalesce(x_cost_is_estimated, false)  -- an estimate (a gateway's) is no one's bill
),

memberships as (
    select * from {{ ref('dim_team_membership') }}
),

teams as (
    select * from {{ ref('dim_team') }}
),

reconciliation as (
    select * from {{ ref('mart_finance_invoice_reconciliation') }}
),

lines_charged as (
    select
        cast({{ dbt.date_trunc('month', 'cost_lines.x_charge_date') }} as date) as charge_month,
        coalesce(memberships.cost_center, teams.cost_center, 'unassigned') as cost_center,
        coalesce(cost_lines.x_team_id, 'unassigned') as team_id,
        lower(cost_lines.ProviderName) as provider,
        cost_lines.BillingCurrency as billing_currency,
        case
            when cost_lines.x_person_id is not null and cost_lines.x_team_id is not null then 'person_team'
            when cost_lines.x_team_id is not null then 'team_principal'
            when cost_lines.x_person_id is not null then 'person_without_team'
            else 'unknown_principal'
        end as allocation_basis,
        cost_lines.BilledCost as billed_cost,
        cost_lines.EffectiveCost as effective_cost,
        cost_lines.ListCost as list_cost,
        case when cost_lines.ChargeCategory = 'Credit' then cost_lines.BilledCost else 0 end as credits,
        case when cost_lines.x_is_ai then cost_lines.BilledCost else 0 end as ai_billed_cost
    from cost_lines
    left join memberships
        on cost_lines.x_person_id = memberships.person_id
        and cost_lines.x_team_id = memberships.team_id
        and {{ valid_on('cost_lines.x_charge_date', 'memberships.valid_from', 'memberships.valid_to') }}
    left join teams
        on cost_lines.x_team_id = teams.team_id
),

invoice_credits as (
    select
        charge_month,
        'unassigned' as cost_center,
        'unassigned' as team_id,
        provider,
        billing_currency,
        'invoice_credit' as allocation_basis,
        invoice_only_credits as billed_cost,
        invoice_only_credits as effective_cost,
        cast(0 as {{ money_type() }}) as list_cost,
        invoice_only_credits as credits,
        cast(0 as {{ money_type() }}) as ai_billed_cost
    from reconciliation
    where invoice_only_credits <> 0
),

charged as (
    select * from lines_charged
    union all
    select * from invoice_credits
),

aggregated as (
    select
        charge_month,
        cost_center,
        team_id,
        provider,
        billing_currency,
        allocation_basis,
        sum(billed_cost) as billed_cost,
        sum(effective_cost) as effective_cost,
        sum(list_cost) as list_cost,
        sum(credits) as credits,
        sum(ai_billed_cost) as ai_billed_cost,
        count(*) as cost_line_count
    from charged
    group by 1, 2, 3, 4, 5, 6
),

final as (
    select
        {{ surrogate_key([
            'aggregated.charge_month', 'aggregated.cost_center', 'aggregated.team_id', 'aggregated.provider',
            'aggregated.billing_currency', 'aggregated.allocation_basis'
        ]) }} as chargeback_id,
        cast(aggregated.charge_month as date) as charge_month,
        aggregated.cost_center,
        aggregated.team_id,
        coalesce(teams.team_name, aggregated.team_id) as team_name,
        aggregated.provider,
        aggregated.billing_currency,
        aggregated.allocation_basis,
        cast(aggregated.billed_cost as {{ money_type() }}) as billed_cost,
        cast(aggregated.effective_cost as {{ money_type() }}) as effective_cost,
        cast(aggregated.list_cost as {{ money_type() }}) as list_cost,
        cast(aggregated.credits as {{ money_type() }}) as credits,
        cast(aggregated.ai_billed_cost as {{ money_type() }}) as ai_billed_cost,
        cast(aggregated.cost_line_count as bigint) as cost_line_count,
        reconciliation.reconciled_against,
        reconciliation.is_month_closed
    from aggregated
    left join teams
        on aggregated.team_id = teams.team_id
    inner join reconciliation
        on aggregated.charge_month = reconciliation.charge_month
        and aggregated.provider = reconciliation.provider
        and aggregated.billing_currency = reconciliation.billing_currency
)

select * from final
