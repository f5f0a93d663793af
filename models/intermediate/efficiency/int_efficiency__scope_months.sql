{#-
    The rows of mart_spend_efficiency before the quadrant: one row per period_month x team x person x billing
    currency. person_id null: a team with members, spend or outcomes in the month; person_id set: a member of a team
    with at least var efficiency_min_group_size members that month (people with at least one day of membership),
    so no one in a small team is singled out. Spend is by charge month (the ledger's total, mart_team_spend's,
    unattributed included; a person's: their cost lines, whichever method took them), outcomes and their cost by
    the outcome's team and delivery month (mart_cost_per_outcome's convention). member_days counts person-days of
    membership in the month up to as_of (dim_team_membership, [valid_from, valid_to)), the base of per-head figures.
-#}
{%- set as_of = "cast('" ~ var('as_of') ~ "' as date)" %}
{%- set grain_keys = ['period_month', 'team_id', 'person_id', 'billing_currency'] %}

with

ledger as (
    select * from {{ ref('fct_cost_allocation') }}
),

cost_lines as (
    select * from {{ ref('int_allocation__cost_lines_in_scope') }}
),

outcome_costs as (
    select * from {{ ref('mart_outcome_cost') }}
),

team_names as (
    select
        team_id,
        team_name
    from {{ ref('dim_team') }}
),

periods as (
    select
        period_month,
        period_end,
        {{ dbt.datediff('period_month', 'period_end', 'day') }}
            as period_days
    from (
        select
            period_month,
            {#- a month not over by as_of counts its days up to as_of #}
            least({{ dbt.dateadd('month', 1, 'period_month') }}, {{ as_of }}) as period_end
        from (
            select charge_month as period_month from ledger
            union
            select occurred_month as period_month from outcome_costs
        ) as months
    ) as bounded
),

memberships_in_periods as (
    {#- each stretch of membership ([valid_from, valid_to)) clipped to the period it overlaps #}
    select
        periods.period_month,
        memberships.team_id,
        memberships.person_id,
        greatest(memberships.valid_from, periods.period_month) as stretch_start,
        least(coalesce(memberships.valid_to, periods.period_end), periods.period_end) as stretch_end
    from {{ ref('dim_team_membership') }} as memberships
    inner join periods
        on memberships.valid_from < periods.period_end
        and (memberships.valid_to is null or memberships.valid_to > periods.period_month)
),

member_days as (
    {#- one row per person x team x month #}
    select
        period_month,
        team_id,
        person_id,
        sum({{ dbt.datediff('stretch_start', 'stretch_end', 'day') }}) as member_days
    from memberships_in_periods
    group by period_month, team_id, person_id
),

team_sizes as (
    select
        period_month,
        team_id,
        count(*) as team_member_count,
        sum(member_days) as member_days
    from member_days
    group by period_month, team_id
),

billing_currencies as (
    select billing_currency from ledger
    union
    select billing_currency from outcome_costs
),

spend as (
    {#- a team's spend from the ledger (mart_team_spend's total); a person's from their cost lines, whichever
        method took them (with person_idle_cost_to_team a person's idle lines are team_period, still theirs) #}
    select
        charge_month as period_month,
        cost_team_id as team_id,
        cast(null as {{ dbt.type_string() }}) as person_id,
        billing_currency,
        sum(allocated_cost) as total_cost,
        sum(case when method = 'unattributed' then allocated_cost else 0 end) as unattributed_cost
    from ledger
    group by charge_month, cost_team_id, billing_currency
    union all
    select
        charge_month as period_month,
        team_id,
        person_id,
        billing_currency,
        sum(billed_cost) as total_cost,
        cast(0 as {{ money_type() }}) as unattributed_cost
    from cost_lines
    where person_id is not null and team_id is not null
    group by charge_month, team_id, person_id, billing_currency
    union all
    select
        charge_month as period_month,
        cost_team_id as team_id,
        person_id,
        billing_currency,
        cast(0 as {{ money_type() }}) as total_cost,
        sum(allocated_cost) as unattributed_cost
    from ledger
    where method = 'unattributed' and person_id is not null
    group by charge_month, cost_team_id, person_id, billing_currency
),

outcomes_by_scope as (
    {%- for scope in ['team', 'person'] %}
        select
            occurred_month as period_month,
            team_id,
            {{ 'person_id' if scope == 'person' else 'cast(null as ' ~ dbt.type_string() ~ ')' }} as person_id,
            billing_currency,
            count(*) as outcome_count,
            sum(case when is_cost_known then 1 else 0 end) as cost_known_outcome_count,
            sum(weight) as weighted_outcome_count,
            sum(attributed_cost) as attributed_cost,
            sum(case when is_cost_known then attributed_cost else 0 end) as cost_known_attributed_cost,
            sum(direct_cost) as direct_cost,
            sum(person_in_flight_cost) as person_in_flight_cost,
            sum(team_period_cost) as team_period_cost,
            sum(case when ai_assisted then 1 else 0 end) as ai_assisted_outcome_count
        from outcome_costs
        {%- if scope == 'person' %}
            where person_id is not null
        {%- endif %}
        group by occurred_month, team_id, {{ 'person_id, ' if scope == 'person' }}billing_currency
        {%- if not loop.last %}
            union all
        {%- endif %}
    {%- endfor %}
),

scopes as (
    {#- team rows: teams with members, spend or outcomes; person rows: members of teams large enough #}
    select
        team_sizes.period_month,
        team_sizes.team_id,
        cast(null as {{ dbt.type_string() }}) as person_id,
        billing_currencies.billing_currency
    from team_sizes
    cross join billing_currencies
    union
    select
        period_month,
        team_id,
        person_id,
        billing_currency
    from spend
    where person_id is null
    union
    select
        period_month,
        team_id,
        person_id,
        billing_currency
    from outcomes_by_scope
    where person_id is null
    union
    select
        member_days.period_month,
        member_days.team_id,
        member_days.person_id,
        billing_currencies.billing_currency
    from member_days
    inner join team_sizes
        on member_days.period_month = team_sizes.period_month
        and member_days.team_id = team_sizes.team_id
    cross join billing_currencies
    where team_sizes.team_member_count >= {{ var('efficiency_min_group_size') }}
),

spend_by_scope as (
    select
        {{ grain_keys | join(', ') }},
        sum(total_cost) as total_cost,
        sum(unattributed_cost) as unattributed_cost
    from spend
    group by {{ grain_keys | join(', ') }}
),

final as (
    select
        {{ surrogate_key([
            'scopes.period_month', 'scopes.team_id', 'scopes.person_id', 'scopes.billing_currency',
        ]) }} as scope_month_id,
        cast(scopes.period_month as date) as period_month,
        case when scopes.person_id is null then 'team' else 'person' end as grain,
        scopes.team_id,
        coalesce(team_names.team_name, scopes.team_id) as team_name,
        scopes.person_id,
        scopes.billing_currency,
        cast(coalesce(team_sizes.team_member_count, 0) as bigint) as team_member_count,
        cast(coalesce(
            case when scopes.person_id is null then team_sizes.member_days else member_days.member_days end, 0
        ) as bigint) as member_days,
        cast(periods.period_days as bigint) as period_days,
        cast(coalesce(spend_by_scope.total_cost, 0) as {{ money_type() }}) as total_cost,
        cast(coalesce(spend_by_scope.unattributed_cost, 0) as {{ money_type() }}) as unattributed_cost,
        cast(coalesce(outcomes_by_scope.outcome_count, 0) as bigint) as outcome_count,
        cast(coalesce(outcomes_by_scope.cost_known_outcome_count, 0) as bigint) as cost_known_outcome_count,
        cast(coalesce(outcomes_by_scope.weighted_outcome_count, 0) as decimal(38, 6)) as weighted_outcome_count,
        cast(coalesce(outcomes_by_scope.attributed_cost, 0) as {{ money_type() }}) as attributed_cost,
        cast(coalesce(outcomes_by_scope.cost_known_attributed_cost, 0) as {{ money_type() }})
            as cost_known_attributed_cost,
        {%- for method in ['direct', 'person_in_flight', 'team_period'] %}
            cast(coalesce(outcomes_by_scope.{{ method }}_cost, 0) as {{ money_type() }}) as {{ method }}_cost,
        {%- endfor %}
        cast(coalesce(outcomes_by_scope.ai_assisted_outcome_count, 0) as bigint) as ai_assisted_outcome_count
    from scopes
    inner join periods
        on scopes.period_month = periods.period_month
    left join team_sizes
        on scopes.period_month = team_sizes.period_month
        and scopes.team_id = team_sizes.team_id
    left join member_days
        on scopes.period_month = member_days.period_month
        and scopes.team_id = member_days.team_id
        and scopes.person_id = member_days.person_id
    left join spend_by_scope
        on scopes.period_month = spend_by_scope.period_month
        and scopes.team_id = spend_by_scope.team_id
        and coalesce(scopes.person_id, '') = coalesce(spend_by_scope.person_id, '')
        and scopes.billing_currency = spend_by_scope.billing_currency
    left join outcomes_by_scope
        on scopes.period_month = outcomes_by_scope.period_month
        and scopes.team_id = outcomes_by_scope.team_id
        and coalesce(scopes.person_id, '') = coalesce(outcomes_by_scope.person_id, '')
        and scopes.billing_currency = outcomes_by_scope.billing_currency
    left join team_names
        on scopes.team_id = team_names.team_id
)

select * from final
