{#-
    One row per period_month x team_id x outcome_type x billing_currency over every team (dim_team and
    any the data names), month with data before as_of, outcome type and billing currency. Figures go by the
    outcome's team and delivery month (a team's spend by charge month is mart_team_spend). Zeros, or null ratios,
    where nothing happened.
    Cost per outcome (mean, median, p90) and tokens per outcome are over the outcomes whose cost is known: an AI
    agent's outcome billed by a source not loaded counts as an outcome (outcome_count) but its cost is unknown
    (cost_unknown_outcome_count, missing_cost_sources), never a zero that drags the ratio down.
    direct_share, person_in_flight_share and team_period_share say how the attributed cost reached the outcomes.
-#}
{%- set group_columns = ['period_month', 'team_id', 'outcome_type', 'billing_currency'] %}
{%- set ranked_partition = ['occurred_month'] + group_columns[1:] %}
{%- set quantiles = [('median', 5), ('p90', 9)] %}

with

outcome_costs as (
    select * from {{ ref('mart_outcome_cost') }}
),

ledger as (
    select * from {{ ref('fct_cost_allocation') }}
),

team_names as (
    select
        team_id,
        team_name
    from {{ ref('dim_team') }}
),

teams as (
    select team_id from team_names
    union
    select team_id from outcome_costs
    union
    select cost_team_id as team_id from ledger
),

months as (
    select occurred_month as period_month from outcome_costs
    union
    select charge_month as period_month from ledger
),

outcome_types as (
    {#- with no outcome loaded yet (a company's first day: spend only), every type of the seed, so each
        team-month with spend shows that it delivered nothing #}
    select distinct outcome_type from {{ ref('fct_outcomes') }}
    union
    select outcome_type from {{ ref('outcome_type_defaults') }}
    where not exists (select 1 from {{ ref('fct_outcomes') }})
),

billing_currencies as (
    select billing_currency from outcome_costs
    union
    select billing_currency from ledger
),

spine as (
    select
        months.period_month,
        teams.team_id,
        outcome_types.outcome_type,
        billing_currencies.billing_currency
    from months
    cross join teams
    cross join outcome_types
    cross join billing_currencies
),

outcome_costs_ranked as (
    select
        occurred_month as period_month,
        team_id,
        outcome_type,
        billing_currency,
        weight,
        ai_assisted,
        is_cost_known,
        missing_cost_source,
        attributed_cost,
        direct_cost,
        person_in_flight_cost,
        team_period_cost,
        attributed_tokens,
        {#- ranks among the outcomes whose cost is known: the others take no part in the quantiles. Partitioned
            by occurred_month, not its alias period_month: Spark resolves no select-list alias in a window #}
        row_number() over (
            partition by {{ ranked_partition | join(', ') }}, is_cost_known order by attributed_cost, outcome_id
        ) as cost_rank,
        count(*) over (partition by {{ ranked_partition | join(', ') }}, is_cost_known) as group_size
    from outcome_costs
),

{#- Exact continuous quantile (q tenths) of n costs: h = q(n-1)/10 = lo + r/10 (0-based rank), so the
    value is (10 * cost[lo] + r * (cost[lo + 1] - cost[lo])) / 10, divided exactly by money_ratio. #}

outcome_stats as (
    select
        {{ group_columns | join(', ') }},
        count(*) as outcome_count,
        sum(case when is_cost_known then 1 else 0 end) as cost_known_outcome_count,
        sum(weight) as weighted_outcome_count,
        sum(attributed_cost) as attributed_cost,
        sum(direct_cost) as direct_cost,
        sum(person_in_flight_cost) as person_in_flight_cost,
        sum(team_period_cost) as team_period_cost,
        sum(case when is_cost_known then attributed_cost else 0 end) as cost_known_attributed_cost,
        sum(attributed_tokens) as total_tokens,
        sum(case when is_cost_known then attributed_tokens else 0 end) as cost_known_tokens,
        sum(case when ai_assisted then 1 else 0 end) as ai_assisted_outcome_count,
        {{ string_list_agg('missing_cost_source') }} as missing_cost_sources,
        {%- for name, tenths in quantiles %}
            {%- set lo = int_div(tenths ~ ' * (group_size - 1)', '10') %}
            max(case when is_cost_known and cost_rank = 1 + {{ lo }} then attributed_cost end) as {{ name }}_low_cost,
            max(case when is_cost_known and cost_rank = 2 + {{ lo }} then attributed_cost end) as {{ name }}_high_cost,
            max(case when is_cost_known then {{ tenths }} * (group_size - 1) - 10 * {{ lo }} end) as {{ name }}_tenths
            {%- if not loop.last %},{% endif %}
        {%- endfor %}
    from outcome_costs_ranked
    group by {{ group_columns | join(', ') }}
),

spine_joined as (
    select
        spine.period_month,
        spine.team_id,
        spine.outcome_type,
        spine.billing_currency,
        coalesce(team_names.team_name, spine.team_id) as team_name,
        coalesce(outcome_stats.outcome_count, 0) as outcome_count,
        coalesce(outcome_stats.cost_known_outcome_count, 0) as cost_known_outcome_count,
        coalesce(outcome_stats.weighted_outcome_count, 0) as weighted_outcome_count,
        coalesce(outcome_stats.attributed_cost, 0) as attributed_cost,
        coalesce(outcome_stats.direct_cost, 0) as direct_cost,
        coalesce(outcome_stats.person_in_flight_cost, 0) as person_in_flight_cost,
        coalesce(outcome_stats.team_period_cost, 0) as team_period_cost,
        coalesce(outcome_stats.cost_known_attributed_cost, 0) as cost_known_attributed_cost,
        coalesce(outcome_stats.cost_known_tokens, 0) as cost_known_tokens,
        coalesce(outcome_stats.missing_cost_sources, {{ empty_string_list() }}) as missing_cost_sources,
        {%- for name, tenths in quantiles %}
        {{ money_ratio(
            '10 * outcome_stats.' ~ name ~ '_low_cost + outcome_stats.' ~ name ~ '_tenths * coalesce('
            ~ 'outcome_stats.' ~ name ~ '_high_cost - outcome_stats.' ~ name ~ '_low_cost, 0)', '10') }}
                as {{ name }}_cost_per_outcome,
        {%- endfor %}
        coalesce(outcome_stats.total_tokens, 0) as total_tokens,
        coalesce(outcome_stats.ai_assisted_outcome_count, 0) as ai_assisted_outcome_count
    from spine
    left join outcome_stats
        on spine.period_month = outcome_stats.period_month
        and spine.team_id = outcome_stats.team_id
        and spine.outcome_type = outcome_stats.outcome_type
        and spine.billing_currency = outcome_stats.billing_currency
    left join team_names
        on spine.team_id = team_names.team_id
),

final as (
    select
        cast(period_month as date) as period_month,
        team_id,
        team_name,
        outcome_type,
        billing_currency,
        cast(outcome_count as bigint) as outcome_count,
        cast(outcome_count - cost_known_outcome_count as bigint) as cost_unknown_outcome_count,
        missing_cost_sources,
        cast(weighted_outcome_count as decimal(38, 6)) as weighted_outcome_count,
        cast(attributed_cost as {{ money_type() }}) as attributed_cost,
        {{ money_ratio('cost_known_attributed_cost', 'cost_known_outcome_count') }} as cost_per_outcome,
        median_cost_per_outcome,
        p90_cost_per_outcome,
        {{ method_shares('direct_cost', 'person_in_flight_cost', 'team_period_cost') }},
        cast(total_tokens as decimal(38, 12)) as total_tokens,
        {{ exact_ratio('cost_known_tokens', 'cost_known_outcome_count', 3) }} as tokens_per_outcome,
        cast(ai_assisted_outcome_count as bigint) as ai_assisted_outcome_count,
        cast(ai_assisted_outcome_count as {{ type_double() }}) / nullif(outcome_count, 0) as ai_assisted_share
    from spine_joined
)

select * from final
