{#-
    One row per anomaly: a day on which a scope's spend stood out from its own trailing baseline. A scope is a team,
    an API key, a person or a workspace (FOCUS SubAccountId: an Anthropic workspace or an OpenAI project), and each
    scope has one daily series per provider and billing currency. Spend is BilledCost of the Usage lines (credits and
    adjustments are left out: they are not what the scope consumed that day). The baseline of day d is the scope's
    daily spend on the anomaly_window_days days before d, a day with no spend counting as zero once the scope has
    spent at all (before its first spend it did not exist, so those days are not in the window). Flagged: at least
    anomaly_min_history_days days in the window, spend - median at least anomaly_min_excess, and a robust z-score
    (spend - median) / (1.4826 * MAD) of at least anomaly_z_threshold. When the MAD is 0 (more than half of the
    window at one value), 1.2533 * the mean absolute deviation from the median stands in for 1.4826 * MAD; when that
    is 0 too (a flat window), z_score is null and the size rule alone decides.
-#}
{%- set as_of = "cast('" ~ var('as_of') ~ "' as date)" %}

with

cost_lines as (
    select * from {{ ref('fct_ai_cost') }}
    where ChargeCategory = 'Usage' and x_is_ai and x_charge_date < {{ as_of }}
),

aliases as (
    select * from {{ ref('int_identity__aliases') }}
),

people as (
    select * from {{ ref('dim_person') }}
),

teams as (
    select * from {{ ref('dim_team') }}
),

{%- set scopes = [
    ('team', 'x_team_id'),
    ('api_key', "case when x_principal_kind = 'api_key' then x_principal_id end"),
    ('person', 'x_person_id'),
    ('workspace', 'SubAccountId'),
] %}

scoped_lines as (
    {%- for kind, id_expr in scopes %}
        select
            '{{ kind }}' as scope_kind,
            {{ id_expr }} as scope_id,
            lower(ProviderName) as provider,
            BillingCurrency as billing_currency,
            x_charge_date as spend_date,
            x_team_id as team_id,
            BilledCost as billed_cost
        from cost_lines
        where {{ id_expr }} is not null
        {%- if not loop.last %} union all{% endif %}
    {%- endfor %}
),

team_days as (
    select
        {{ surrogate_key(['scope_kind', 'scope_id', 'provider', 'billing_currency']) }} as series_id,
        scope_kind,
        scope_id,
        provider,
        billing_currency,
        spend_date,
        team_id,
        sum(billed_cost) as team_spend
    from scoped_lines
    group by scope_kind, scope_id, provider, billing_currency, spend_date, team_id
),

{# a key, person or workspace whose spend reached several teams on one day is shown with the team that got most of
    it; a team's own row is that team #}
day_teams as (
    select
        series_id,
        spend_date,
        team_id,
        row_number() over (
            partition by series_id, spend_date
            order by case when team_id is null then 1 else 0 end asc, team_spend desc, team_id asc
        ) as team_rank
    from team_days
),

scope_days as (
    select
        series_id,
        scope_kind,
        scope_id,
        provider,
        billing_currency,
        spend_date,
        sum(team_spend) as spend
    from team_days
    group by series_id, scope_kind, scope_id, provider, billing_currency, spend_date
),

scope_starts as (
    select
        series_id,
        min(spend_date) as first_spend_date
    from scope_days
    group by series_id
),

window_offsets as (
    {%- for day_offset in range(1, var('anomaly_window_days') + 1) %}
        select {{ day_offset }} as day_offset
        {%- if not loop.last %} union all{% endif %}
    {%- endfor %}
),

{# Usage spend is never negative, so neither is a median of it, and excess_spend is at most the day's spend: only
    days spending at least anomaly_min_excess can be flagged, and only those get a window. #}
window_dates as (
    select
        scope_days.series_id,
        scope_days.spend_date,
        scope_days.spend,
        scope_starts.first_spend_date,
        cast({{ dbt.dateadd('day', '-window_offsets.day_offset', 'scope_days.spend_date') }} as date) as window_date
    from scope_days
    inner join scope_starts
        on scope_days.series_id = scope_starts.series_id
    cross join window_offsets
    where scope_days.spend >= {{ var('anomaly_min_excess') }}
),

window_spend as (
    select
        window_dates.series_id,
        window_dates.spend_date,
        window_dates.spend,
        coalesce(earlier.spend, 0) as window_day_spend
    from window_dates
    left join scope_days as earlier
        on window_dates.series_id = earlier.series_id
        and window_dates.window_date = earlier.spend_date
    where window_dates.window_date >= window_dates.first_spend_date
),

baselines as (
    select
        series_id,
        spend_date,
        max(spend) as spend,
        count(*) as window_days,
        {{ money_median('window_day_spend') }} as baseline_median
    from window_spend
    group by series_id, spend_date
),

spreads as (
    select
        baselines.series_id,
        baselines.spend_date,
        {{ money_median('abs(window_spend.window_day_spend - baselines.baseline_median)') }} as baseline_mad,
        sum(abs(window_spend.window_day_spend - baselines.baseline_median)) as total_absolute_deviation
    from baselines
    inner join window_spend
        on baselines.series_id = window_spend.series_id
        and baselines.spend_date = window_spend.spend_date
    group by baselines.series_id, baselines.spend_date
),

scored as (
    select
        baselines.series_id,
        baselines.spend_date,
        baselines.spend,
        baselines.baseline_median,
        spreads.baseline_mad,
        baselines.window_days,
        cast(baselines.spend - baselines.baseline_median as {{ money_type() }}) as excess_spend,
        cast(baselines.spend - baselines.baseline_median as {{ type_double() }}) / case
            when spreads.baseline_mad > 0 then 1.4826 * cast(spreads.baseline_mad as {{ type_double() }})
            when spreads.total_absolute_deviation > 0
                then 1.2533 * cast(spreads.total_absolute_deviation as {{ type_double() }}) / baselines.window_days
        end as z_score
    from baselines
    inner join spreads
        on baselines.series_id = spreads.series_id
        and baselines.spend_date = spreads.spend_date
),

anomalies as (
    select
        scope_days.scope_kind,
        scope_days.scope_id,
        scope_days.provider,
        scope_days.billing_currency,
        day_teams.team_id,
        scored.spend_date,
        scored.spend,
        scored.baseline_median,
        scored.baseline_mad,
        scored.z_score,
        scored.excess_spend,
        scored.window_days
    from scored
    inner join scope_days
        on scored.series_id = scope_days.series_id
        and scored.spend_date = scope_days.spend_date
    inner join day_teams
        on scored.series_id = day_teams.series_id
        and scored.spend_date = day_teams.spend_date
        and day_teams.team_rank = 1
    where
        scored.window_days >= {{ var('anomaly_min_history_days') }}
        and scored.excess_spend >= {{ var('anomaly_min_excess') }}
        and (scored.z_score >= {{ var('anomaly_z_threshold') }} or scored.z_score is null)
),

final as (
    select
        {{ surrogate_key([
            'anomalies.spend_date', 'anomalies.scope_kind', 'anomalies.scope_id', 'anomalies.provider',
            'anomalies.billing_currency',
        ]) }} as anomaly_id,
        anomalies.spend_date as anomaly_date,
        anomalies.scope_kind,
        anomalies.scope_id,
        coalesce(
            case when anomalies.scope_kind = 'team' then teams.team_name end,
            case when anomalies.scope_kind = 'person' then people.display_name end,
            aliases.note,
            alias_people.display_name,
            anomalies.scope_id
        ) as scope_name,
        anomalies.team_id,
        anomalies.provider,
        anomalies.billing_currency,
        cast(anomalies.spend as {{ money_type() }}) as spend,
        anomalies.baseline_median,
        anomalies.baseline_mad,
        anomalies.z_score,
        anomalies.excess_spend,
        cast(anomalies.window_days as bigint) as window_days
    from anomalies
    left join teams
        on anomalies.scope_id = teams.team_id
    left join people
        on anomalies.scope_id = people.person_id
    left join aliases
        on anomalies.scope_id = aliases.alias_value
        and anomalies.scope_kind in ('api_key', 'workspace')
        and aliases.alias_kind in ('api_key', 'workspace', 'project')
        and {{ valid_on('anomalies.spend_date', 'aliases.valid_from', 'aliases.valid_to') }}
    left join people as alias_people
        on aliases.person_id = alias_people.person_id
)

select * from final
