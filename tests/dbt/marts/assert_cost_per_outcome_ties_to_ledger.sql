{#-
    mart_cost_per_outcome ties to the ledger, per month and billing currency:
      attributed_cost summed over the mart = ledger cost allocated to outcomes delivered in that month;
      team_unattributed_cost and team_total_cost (repeated on each outcome type row, so taken once per
      team) = ledger unattributed and total cost charged in that month;
      and the repeated team figures are the same on every outcome type row.
    Returns the months (or team-months) that do not tie.
-#}
with

mart_team_months as (
    select
        period_month,
        team_id,
        billing_currency,
        sum(attributed_cost) as attributed_cost,
        min(team_unattributed_cost) as team_unattributed_cost,
        min(team_total_cost) as team_total_cost,
        count(distinct team_unattributed_cost) + count(distinct team_total_cost) as distinct_repeats
    from {{ ref('mart_cost_per_outcome') }}
    group by period_month, team_id, billing_currency
),

mart_months as (
    select
        period_month,
        billing_currency,
        sum(attributed_cost) as attributed_cost,
        sum(team_unattributed_cost) as unattributed_cost,
        sum(team_total_cost) as total_cost,
        max(distinct_repeats) as distinct_repeats
    from mart_team_months
    group by period_month, billing_currency
),

ledger_with_outcome_month as (
    select
        ledger.method,
        ledger.allocated_cost,
        ledger.billing_currency,
        ledger.charge_month,
        outcomes.occurred_month
    from {{ ref('fct_cost_allocation') }} as ledger
    left join {{ ref('fct_outcomes') }} as outcomes
        on ledger.outcome_id = outcomes.outcome_id
),

ledger_attributed as (
    select occurred_month as period_month, billing_currency, sum(allocated_cost) as attributed_cost
    from ledger_with_outcome_month
    where method <> 'unattributed'
    group by occurred_month, billing_currency
),

ledger_charged as (
    select
        charge_month as period_month,
        billing_currency,
        sum(case when method = 'unattributed' then allocated_cost else 0 end) as unattributed_cost,
        sum(allocated_cost) as total_cost
    from ledger_with_outcome_month
    group by charge_month, billing_currency
),

ledger_months as (
    select
        coalesce(ledger_attributed.period_month, ledger_charged.period_month) as period_month,
        coalesce(ledger_attributed.billing_currency, ledger_charged.billing_currency) as billing_currency,
        coalesce(ledger_attributed.attributed_cost, 0) as attributed_cost,
        coalesce(ledger_charged.unattributed_cost, 0) as unattributed_cost,
        coalesce(ledger_charged.total_cost, 0) as total_cost
    from ledger_attributed
    full outer join ledger_charged
        on ledger_attributed.period_month = ledger_charged.period_month
        and ledger_attributed.billing_currency = ledger_charged.billing_currency
)

select
    coalesce(mart_months.period_month, ledger_months.period_month) as period_month,
    coalesce(mart_months.billing_currency, ledger_months.billing_currency) as billing_currency,
    mart_months.attributed_cost as mart_attributed_cost,
    ledger_months.attributed_cost as ledger_attributed_cost,
    mart_months.unattributed_cost as mart_unattributed_cost,
    ledger_months.unattributed_cost as ledger_unattributed_cost,
    mart_months.total_cost as mart_total_cost,
    ledger_months.total_cost as ledger_total_cost,
    mart_months.distinct_repeats
from mart_months
full outer join ledger_months
    on mart_months.period_month = ledger_months.period_month
    and mart_months.billing_currency = ledger_months.billing_currency
where mart_months.period_month is null
    or (ledger_months.period_month is null
        and (mart_months.attributed_cost <> 0 or mart_months.total_cost <> 0))
    or mart_months.attributed_cost <> ledger_months.attributed_cost
    or mart_months.unattributed_cost <> ledger_months.unattributed_cost
    or mart_months.total_cost <> ledger_months.total_cost
    or mart_months.distinct_repeats > 2
