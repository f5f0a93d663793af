{#-
    The value dashboard: one row per period_month x grain x team x person x billing currency
    (int_efficiency__scope_months: grain 'team' for every team, 'person' for members of teams at or above var
    efficiency_min_group_size). Spend per head and weighted outcomes per head divide by the person-days of
    membership over the month's days, so a big team is not high spend by being big. The quadrant compares them
    with thresholds from the teams' own distribution that month and currency: the var efficiency_spend_percentile
    (and efficiency_outcomes_percentile) percentile, continuous and exact, of the teams' per-head values (teams
    with at least one member-day). Strictly above a threshold is high. Person rows use the teams' thresholds.
-#}
{%- set partition = ['period_month', 'billing_currency'] %}
{%- set percentiles = [
    ('spend', 'spend_per_head', var('efficiency_spend_percentile')),
    ('outcomes', 'outcomes_per_head', var('efficiency_outcomes_percentile')),
] %}

with

scope_months as (
    select * from {{ ref('int_efficiency__scope_months') }}
),

per_head as (
    select
        *,
        {{ money_ratio('total_cost * period_days', 'member_days') }} as spend_per_head,
        {{ exact_ratio('weighted_outcome_count * period_days', 'member_days', 12) }} as outcomes_per_head
    from scope_months
),

team_ranks as (
    select
        period_month,
        billing_currency,
        spend_per_head,
        outcomes_per_head,
        {%- for name, column, pct in percentiles %}
            row_number() over (
                partition by {{ partition | join(', ') }} order by {{ column }}, team_id
            ) as {{ name }}_rank,
        {%- endfor %}
        count(*) over (partition by {{ partition | join(', ') }}) as team_count
    from per_head
    where grain = 'team' and member_days > 0
),

{#- Exact continuous percentile p (whole percent) of n values: h = p(n-1)/100 = lo + r/100 (0-based rank), so the
    value is (100 * v[lo] + r * (v[lo + 1] - v[lo])) / 100, divided exactly (exact_ratio). #}

thresholds as (
    select
        {{ partition | join(', ') }},
        {%- for name, column, pct in percentiles %}
            {%- set lo = int_div(pct ~ ' * (team_count - 1)', '100') %}
            {%- set low = 'max(case when ' ~ name ~ '_rank = 1 + ' ~ lo ~ ' then ' ~ column ~ ' end)' %}
            {%- set high = 'max(case when ' ~ name ~ '_rank = 2 + ' ~ lo ~ ' then ' ~ column ~ ' end)' %}
            {%- set rest = 'max(' ~ pct ~ ' * (team_count - 1) - 100 * ' ~ lo ~ ')' %}
            {{ exact_ratio(
                '100 * ' ~ low ~ ' + ' ~ rest ~ ' * coalesce(' ~ high ~ ' - ' ~ low ~ ', 0)', '100', 12) }}
                as {{ column }}_threshold
            {%- if not loop.last %},{% endif %}
        {%- endfor %}
    from team_ranks
    group by {{ partition | join(', ') }}
),

final as (
    select
        {{ surrogate_key(['per_head.period_month', 'per_head.grain', 'per_head.team_id', 'per_head.person_id',
                          'per_head.billing_currency']) }} as spend_efficiency_id,
        per_head.period_month,
        per_head.grain,
        per_head.team_id,
        per_head.team_name,
        per_head.person_id,
        per_head.billing_currency,
        per_head.team_member_count,
        per_head.member_days,
        per_head.period_days,
        {{ exact_ratio('per_head.member_days', 'per_head.period_days', 6) }} as head_count,
        per_head.total_cost,
        per_head.unattributed_cost,
        {{ exact_ratio('per_head.unattributed_cost', 'per_head.total_cost', 12) }} as unattributed_share,
        per_head.outcome_count,
        per_head.cost_known_outcome_count,
        per_head.weighted_outcome_count,
        per_head.attributed_cost,
        {{ money_ratio('per_head.cost_known_attributed_cost', 'per_head.cost_known_outcome_count') }}
            as cost_per_outcome,
        {{ method_shares('per_head.direct_cost', 'per_head.person_in_flight_cost', 'per_head.team_period_cost') }},
        per_head.ai_assisted_outcome_count,
        cast(per_head.ai_assisted_outcome_count as {{ type_double() }}) / nullif(per_head.outcome_count, 0)
            as ai_assisted_share,
        cast(per_head.spend_per_head as {{ money_type() }}) as spend_per_head,
        cast(per_head.outcomes_per_head as decimal(38, 12)) as outcomes_per_head,
        cast(thresholds.spend_per_head_threshold as {{ money_type() }}) as spend_per_head_threshold,
        cast(thresholds.outcomes_per_head_threshold as decimal(38, 12)) as outcomes_per_head_threshold,
        case
            when per_head.member_days = 0 or thresholds.period_month is null then null
            when per_head.spend_per_head > thresholds.spend_per_head_threshold
                and per_head.outcomes_per_head > thresholds.outcomes_per_head_threshold
                then 'high_spend_high_outcomes'
            when per_head.spend_per_head > thresholds.spend_per_head_threshold then 'high_spend_low_outcomes'
            when per_head.outcomes_per_head > thresholds.outcomes_per_head_threshold then 'low_spend_high_outcomes'
            else 'low_spend_low_outcomes'
        end as quadrant
    from per_head
    left join thresholds
        on per_head.period_month = thresholds.period_month
        and per_head.billing_currency = thresholds.billing_currency
)

select * from final
