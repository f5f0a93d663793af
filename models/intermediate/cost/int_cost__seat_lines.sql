{#-
    Seat fees amortised per person-day, as cost lines of the seat holder: the seats CSV's (principal email, its own
    fee) and the Copilot seats API's (principal github_login, the plan's price from copilot_seat_prices):
    each period's fee (a calendar month for a monthly seat, a calendar year for an annual one) is split over every
    day of that period with allocate_by_weight (weight 1 a day), so a full period's days add up to the fee exactly;
    a seat held for part of a period keeps only its days' shares (prorated). A seat still held is paid to the end of
    the month its file was loaded in. The lines are then allocated like any person cost (person_in_flight, ...).
-#}

with

csv_seats as (
    select
        seat_id,
        'costper_seats' as x_source,
        vendor,
        product,
        'email' as principal_kind,
        email as principal_id,
        billing_currency,
        billing_period,
        plan,
        seat_cost,
        valid_from,
        valid_to,
        loaded_date
    from {{ ref('stg_costper__seats') }}
),

api_seats as (
    {#- the Copilot seats API names no fee: the plan's monthly price (copilot_seat_prices) is looked up per month #}
    select
        seat_id,
        'github_copilot_seats' as x_source,
        'github' as vendor,
        'GitHub Copilot' as product,
        'github_login' as principal_kind,
        assignee_login_normalized as principal_id,
        'USD' as billing_currency,
        'monthly' as billing_period,
        plan_type as plan,
        cast(null as {{ money_type() }}) as seat_cost,
        valid_from,
        valid_to,
        loaded_date
    from {{ ref('stg_github__copilot_seats') }}
),

seat_prices as (
    select * from {{ ref('copilot_seat_prices') }}
),

seats as (
    select
        *,
        coalesce(valid_to, cast({{ dbt.dateadd('month', 1, dbt.date_trunc('month', 'loaded_date')) }} as date))
            as held_until
    from (
        select * from csv_seats
        union all
        select * from api_seats
    ) as seats_unioned
),

days as (
    select date_day from {{ ref('metricflow_time_spine') }}
),

seat_periods as (
    select
        *,
        case when billing_period = 'annual' then 'year' else 'month' end as period_unit,
        cast({{ dbt.dateadd('day', -1, 'held_until') }} as date) as last_held_day
    from seats
    where held_until > valid_from
),

period_bounds as (
    {#- from the first day of the first period the seat touches to the last day of its last period #}
    select
        *,
        case
            when period_unit = 'year' then cast({{ dbt.date_trunc('year', 'valid_from') }} as date)
            else cast({{ dbt.date_trunc('month', 'valid_from') }} as date)
        end as periods_start,
        case
            when period_unit = 'year'
                then cast({{ dbt.dateadd('year', 1, dbt.date_trunc('year', 'last_held_day')) }} as date)
            else cast({{ dbt.dateadd('month', 1, dbt.date_trunc('month', 'last_held_day')) }} as date)
        end as periods_end
    from seat_periods
),

period_days as (
    {#- every day of every period the seat touches: the fee is split over the whole period #}
    select
        period_bounds.seat_id,
        period_bounds.seat_cost,
        period_bounds.plan,
        period_bounds.valid_from,
        period_bounds.held_until,
        days.date_day,
        case
            when period_bounds.period_unit = 'year' then cast({{ dbt.date_trunc('year', 'days.date_day') }} as date)
            else cast({{ dbt.date_trunc('month', 'days.date_day') }} as date)
        end as period_start
    from period_bounds
    inner join days
        on period_bounds.periods_start <= days.date_day
        and period_bounds.periods_end > days.date_day
),

period_prices as (
    {#- a seat without its own fee: its plan's price valid on the first day of the period #}
    select
        seat_periods.seat_id,
        seat_periods.period_start,
        seat_prices.usd_per_month,
        row_number() over (
            partition by seat_periods.seat_id, seat_periods.period_start order by seat_prices.valid_from desc
        ) as recency_rank
    from (
        select distinct
            seat_id,
            plan,
            period_start
        from period_days
        where seat_cost is null
    ) as seat_periods
    inner join seat_prices
        on seat_periods.plan = seat_prices.plan_type
        and seat_periods.period_start >= seat_prices.valid_from
),

period_fees as (
    select
        period_days.*,
        coalesce(period_days.seat_cost, period_prices.usd_per_month) as period_fee
    from period_days
    left join period_prices
        on period_days.seat_id = period_prices.seat_id
        and period_days.period_start = period_prices.period_start
        and period_prices.recency_rank = 1
),

day_shares as (
    select
        seat_id,
        date_day,
        period_start,
        valid_from,
        held_until,
        {{ allocate_by_weight('period_fee', '1', ['seat_id', 'period_start'], ['date_day']) }} as day_cost
    from period_fees
    where period_fee is not null  -- a plan without a price bills nothing (extend copilot_seat_prices)
),

held_days as (
    select * from day_shares
    where date_day >= valid_from and date_day < held_until
),

final as (
    select
        {{ surrogate_key(['held_days.seat_id', 'held_days.date_day']) }} as cost_line_id,
        {{ surrogate_key(['held_days.seat_id', 'held_days.period_start']) }} as source_cost_line_id,
        seats.x_source,
        seats.vendor as provider,
        case seats.vendor
            when 'github' then 'GitHub'
            when 'cursor' then 'Cursor'
            when 'anthropic' then 'Anthropic'
            when 'openai' then 'OpenAI'
            else seats.vendor
        end as provider_name,
        seats.product as service_name,
        {{ dbt.concat(['seats.product', "' seat'", "coalesce(' (' || seats.plan || ')', '')"]) }}
            as charge_description,
        {{ date_to_utc_timestamp('held_days.date_day') }} as charge_period_start_at,
        {{ date_to_utc_timestamp(dbt.dateadd('day', 1, 'held_days.date_day')) }} as charge_period_end_at,
        held_days.date_day as charge_date,
        held_days.day_cost as billed_cost,
        seats.billing_currency,
        cast(null as {{ dbt.type_string() }}) as sub_account_id,
        'seat_plan' as sub_account_kind,
        cast(1 as {{ money_type() }}) as consumed_quantity,
        'Seat-Days' as consumed_unit,
        cast(null as {{ dbt.type_string() }}) as model_name,
        'seat' as provider_token_type,
        'seat' as x_token_type,
        cast(null as {{ dbt.type_string() }}) as cache_ttl,
        seats.principal_kind,
        seats.principal_id,
        'billed_line' as distribution,
        false as is_list_priceable,
        'AI and Machine Learning' as service_category,
        cast(null as {{ dbt.type_string() }}) as charge_category,
        cast(null as {{ money_type() }}) as effective_cost,
        cast(null as {{ money_type() }}) as list_cost,
        cast(null as {{ dbt.type_string() }}) as tags,
        cast(null as {{ dbt.type_string() }}) as team_hint,
        true as x_is_ai,
        false as x_cost_is_estimated,
        cast(null as {{ money_type() }}) as estimated_cost
    from held_days
    inner join seats
        on held_days.seat_id = seats.seat_id
)

select * from final
