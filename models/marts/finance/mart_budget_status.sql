{#-
    One row per budget month x scope (team, cost centre or person) x billing currency: the budget against the
    scope's billed cost of the month from its first day to the day before var('as_of'), the run rate, two forecasts
    to month end and the alert. Cost counts in the currency it was billed in (as in mart_finance_chargeback): only
    lines billed in the budget's currency count, credits included. A line's team is fct_ai_cost.x_team_id, its person
    x_person_id, its cost centre the person's on the charge date, else the team's (the chargeback's rule).
    forecast_linear = actual x days_in_month / days_elapsed; forecast_robust = actual + the median of the scope's
    daily spend over the 7 complete days before as_of (days without a line are 0; days before the first cost line
    of the warehouse take no part) x the days left. A closed month's forecasts are its actual.
-#}
{%- set as_of = "cast('" ~ var('as_of') ~ "' as date)" %}
{%- set scope = ['scope_kind', 'scope_id', 'billing_currency'] %}
{%- set scope_partition = 'budget_scopes.scope_kind, budget_scopes.scope_id, budget_scopes.billing_currency' %}

with

budgets as (
    select * from {{ ref('stg_costper__budgets') }}
),

cost_lines as (
    select * from {{ ref('fct_ai_cost') }}
    where x_charge_date < {{ as_of }}
),

memberships as (
    select * from {{ ref('dim_team_membership') }}
),

teams as (
    select * from {{ ref('dim_team') }}
),

people as (
    select * from {{ ref('dim_person') }}
),

lines_scoped as (
    select
        cost_lines.x_charge_date as charge_date,
        cost_lines.BillingCurrency as billing_currency,
        cost_lines.BilledCost as billed_cost,
        cost_lines.x_team_id as team_id,
        cost_lines.x_person_id as person_id,
        coalesce(memberships.cost_center, teams.cost_center) as cost_center
    from cost_lines
    left join memberships
        on cost_lines.x_person_id = memberships.person_id
        and cost_lines.x_team_id = memberships.team_id
        and {{ valid_on('cost_lines.x_charge_date', 'memberships.valid_from', 'memberships.valid_to') }}
    left join teams
        on cost_lines.x_team_id = teams.team_id
),

budget_scopes as (
    select distinct {{ scope | join(', ') }} from budgets
),

scope_days as (
    {#- each line once for each kind of scope it reaches, kept only where that scope has a budget -#}
    select
        budget_scopes.scope_kind,
        budget_scopes.scope_id,
        budget_scopes.billing_currency,
        lines.charge_date,
        sum(lines.billed_cost) as spend
    from (
        {%- for kind, column in [('team', 'team_id'), ('person', 'person_id'), ('cost_center', 'cost_center')] %}
            select '{{ kind }}' as scope_kind, {{ column }} as scope_id, billing_currency, charge_date, billed_cost
            from lines_scoped
            where {{ column }} is not null
            {%- if not loop.last %} union all{% endif %}
        {%- endfor %}
    ) as lines
    inner join budget_scopes
        on lines.scope_kind = budget_scopes.scope_kind
        and lines.scope_id = budget_scopes.scope_id
        and lines.billing_currency = budget_scopes.billing_currency
    group by 1, 2, 3, 4
),

trailing_days as (
    {#- the 7 complete days before as_of, from the warehouse's first cost day on -#}
    select week.charge_date
    from (
        {%- for days_back in range(1, 8) %}
            select cast({{ dbt.dateadd('day', -days_back, as_of) }} as date) as charge_date
            {%- if not loop.last %} union all{% endif %}
        {%- endfor %}
    ) as week
    where week.charge_date >= (select min(cost_lines.x_charge_date) from cost_lines)
),

trailing_spend_ranked as (
    select
        budget_scopes.scope_kind,
        budget_scopes.scope_id,
        budget_scopes.billing_currency,
        coalesce(scope_days.spend, 0) as spend,
        row_number() over (
            partition by {{ scope_partition }}
            order by coalesce(scope_days.spend, 0)
        ) as spend_rank,
        count(*) over (partition by {{ scope_partition }}) as day_count
    from budget_scopes
    cross join trailing_days
    left join scope_days
        on budget_scopes.scope_kind = scope_days.scope_kind
        and budget_scopes.scope_id = scope_days.scope_id
        and budget_scopes.billing_currency = scope_days.billing_currency
        and trailing_days.charge_date = scope_days.charge_date
),

robust_rates as (
    {#- the exact median: the middle day, or the mean of the two middle days of an even count -#}
    select
        scope_kind,
        scope_id,
        billing_currency,
        {%- set lower_middle = 'max(case when spend_rank = ' ~ int_div('day_count + 1', '2') ~ ' then spend end)' %}
        {%- set upper_middle = 'max(case when spend_rank = ' ~ int_div('day_count', '2') ~ ' + 1 then spend end)' %}
        {{ money_ratio(lower_middle ~ ' + ' ~ upper_middle, '2') }} as robust_daily_rate
    from trailing_spend_ranked
    group by 1, 2, 3
),

budget_months as (
    select
        budgets.budget_month,
        budgets.scope_kind,
        budgets.scope_id,
        budgets.billing_currency,
        budgets.budget_amount,
        coalesce(budgets.alert_at_pct, {{ var('budget_alert_at_pct') }}) as alert_at_pct,
        {{ dbt.datediff('budgets.budget_month', dbt.dateadd('month', 1, 'budgets.budget_month'), 'day') }}
            as days_in_month,
        {{ dbt.datediff('budgets.budget_month', as_of, 'day') }}
            as days_since_month_start,
        coalesce(robust_rates.robust_daily_rate, 0) as robust_daily_rate,
        coalesce(sum(scope_days.spend), 0) as actual_to_date
    from budgets
    left join scope_days
        on budgets.scope_kind = scope_days.scope_kind
        and budgets.scope_id = scope_days.scope_id
        and budgets.billing_currency = scope_days.billing_currency
        and cast({{ dbt.date_trunc('month', 'scope_days.charge_date') }} as date) = budgets.budget_month
    left join robust_rates
        on budgets.scope_kind = robust_rates.scope_kind
        and budgets.scope_id = robust_rates.scope_id
        and budgets.billing_currency = robust_rates.billing_currency
    group by 1, 2, 3, 4, 5, 6, 7, 8, 9
),

elapsed as (
    select
        *,
        case
            when days_since_month_start >= days_in_month then days_in_month
            when days_since_month_start <= 0 then 0
            else days_since_month_start
        end as days_elapsed
    from budget_months
),

forecasts_made as (
    select
        *,
        days_elapsed = days_in_month as is_month_closed,
        {{ money_ratio('actual_to_date', 'days_elapsed') }} as daily_run_rate,
        case
            when days_elapsed = days_in_month then actual_to_date
            else {{ money_ratio('actual_to_date * days_in_month', 'days_elapsed') }}
        end as forecast_linear,
        actual_to_date + robust_daily_rate * (days_in_month - days_elapsed) as forecast_robust,
        {#- whole days of spend at the robust rate until the budget is reached: ceil(left / rate), exactly -#}
        {{ int_div(
            'cast((budget_amount - actual_to_date) * 1000000000000 as ' ~ type_hugeint() ~ ')'
            ~ ' + cast(robust_daily_rate * 1000000000000 as ' ~ type_hugeint() ~ ') - 1',
            'nullif(cast(robust_daily_rate * 1000000000000 as ' ~ type_hugeint() ~ '), 0)') }} as days_to_reach_budget
    from elapsed
),

final as (
    select
        {{ surrogate_key(['forecasts_made.budget_month', 'forecasts_made.scope_kind', 'forecasts_made.scope_id',
                          'forecasts_made.billing_currency']) }} as budget_status_id,
        cast(forecasts_made.budget_month as date) as budget_month,
        forecasts_made.scope_kind,
        forecasts_made.scope_id,
        coalesce(
            case forecasts_made.scope_kind
                when 'team' then teams.team_name
                when 'person' then people.display_name
            end,
            forecasts_made.scope_id
        ) as scope_name,
        forecasts_made.billing_currency,
        cast(forecasts_made.budget_amount as {{ money_type() }}) as budget_amount,
        cast(forecasts_made.alert_at_pct as decimal(9, 4)) as alert_at_pct,
        cast(forecasts_made.actual_to_date as {{ money_type() }}) as actual_to_date,
        cast(forecasts_made.days_elapsed as integer) as days_elapsed,
        cast(forecasts_made.days_in_month as integer) as days_in_month,
        forecasts_made.daily_run_rate,
        forecasts_made.forecast_linear,
        cast(forecasts_made.forecast_robust as {{ money_type() }}) as forecast_robust,
        {{ exact_ratio('forecasts_made.forecast_robust * 100', 'forecasts_made.budget_amount', 4) }}
            as forecast_pct_of_budget,
        cast(case
            when forecasts_made.actual_to_date >= forecasts_made.budget_amount then 0
            when forecasts_made.days_to_reach_budget <= forecasts_made.days_in_month - forecasts_made.days_elapsed
                then forecasts_made.days_to_reach_budget
        end as integer) as days_until_exhausted,
        case
            when forecasts_made.actual_to_date > forecasts_made.budget_amount then 'over'
            when forecasts_made.forecast_robust > 0
                and forecasts_made.forecast_robust * 100 >= forecasts_made.budget_amount * forecasts_made.alert_at_pct
                then 'warning'
            else 'ok'
        end as alert_level,
        forecasts_made.is_month_closed
    from forecasts_made
    left join teams
        on forecasts_made.scope_kind = 'team'
        and forecasts_made.scope_id = teams.team_id
    left join people
        on forecasts_made.scope_kind = 'person'
        and forecasts_made.scope_id = people.person_id
)

select * from final
