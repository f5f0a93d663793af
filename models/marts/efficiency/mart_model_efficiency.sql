{#-
    One row per period_month (the outcomes' delivery month) x outcome_type x billing_currency x provider x canonical
    model that reached an outcome: what the model's cost per outcome was, and what routing its tokens to the
    cheapest comparable model of the same provider would have cost. Comparable: another canonical model of the same
    provider, month, outcome type and currency that itself touched at least var routing_min_outcomes outcomes and
    whose median cost per outcome is not higher. The simulation reprices the same tokens (by price token type and
    charge date, int_efficiency__model_token_mix) with the model price seed's price valid on each charge date, on
    the row's own model (list_cost) and on each comparable model; the cheapest that has a price for every token
    type of the mix wins (the own model when none is cheaper). Lines that count no tokens stay unpriced.
-#}
{%- set keys = ['period_month', 'outcome_type', 'billing_currency', 'provider', 'model_canonical'] %}
{%- set min_outcomes = var('routing_min_outcomes') %}

with

ledger as (
    select * from {{ ref('fct_cost_allocation') }}
    where outcome_id is not null and x_model_canonical is not null
),

outcomes as (
    select
        outcome_id,
        billing_currency,
        occurred_month
    from {{ ref('mart_outcome_cost') }}
),

token_mix as (
    select * from {{ ref('int_efficiency__model_token_mix') }}
),

seed_prices as (
    select
        provider,
        model,
        token_type,
        cast(usd_per_million_tokens * 0.000001 as decimal(38, 12)) as usd_per_token,
        valid_from,
        lead(valid_from) over (partition by provider, model, token_type order by valid_from) as valid_to
    from {{ ref('model_prices') }}
),

outcome_model_costs as (
    select
        outcomes.occurred_month as period_month,
        ledger.outcome_type,
        ledger.billing_currency,
        lower(ledger.provider) as provider,
        ledger.x_model_canonical as model_canonical,
        ledger.outcome_id,
        sum(ledger.allocated_cost) as model_cost,
        {%- for method in ['direct', 'person_in_flight', 'team_period'] %}
            sum(case when ledger.method = '{{ method }}' then ledger.allocated_cost else 0 end) as {{ method }}_cost,
        {%- endfor %}
        sum(ledger.allocated_tokens) as model_tokens
    from ledger
    inner join outcomes
        on ledger.outcome_id = outcomes.outcome_id
        and ledger.billing_currency = outcomes.billing_currency
    group by
        outcomes.occurred_month, ledger.outcome_type, ledger.billing_currency, ledger.provider,
        ledger.x_model_canonical, ledger.outcome_id
),

outcome_model_costs_ranked as (
    select
        *,
        row_number() over (partition by {{ keys | join(', ') }} order by model_cost, outcome_id) as cost_rank,
        count(*) over (partition by {{ keys | join(', ') }}) as group_size
    from outcome_model_costs
),

model_stats as (
    {#- median = (2 * cost[lo] + r * (cost[lo + 1] - cost[lo])) / 2 with (n - 1) = 2 lo + r (0-based ranks) #}
    {%- set lo = int_div('group_size - 1', '2') %}
    select
        {{ keys | join(', ') }},
        count(*) as outcomes_touched,
        sum(model_cost) as attributed_cost,
        sum(direct_cost) as direct_cost,
        sum(person_in_flight_cost) as person_in_flight_cost,
        sum(team_period_cost) as team_period_cost,
        coalesce(sum(model_tokens), 0) as total_tokens,  -- a model billed by request or seat counts no tokens
        {{ money_ratio(
            '2 * max(case when cost_rank = 1 + ' ~ lo ~ ' then model_cost end) + max(group_size - 1 - 2 * ' ~ lo
            ~ ') * coalesce(max(case when cost_rank = 2 + ' ~ lo ~ ' then model_cost end)'
            ~ ' - max(case when cost_rank = 1 + ' ~ lo ~ ' then model_cost end), 0)', '2') }}
            as median_cost_per_outcome
    from outcome_model_costs_ranked
    group by {{ keys | join(', ') }}
),

route_candidates as (
    {#- every row may stay on its own model; it may move to a comparable one #}
    select
        {{ keys | join(', ') }},
        model_canonical as candidate_model
    from model_stats
    union all
    select
        {%- for key in keys %}
            own.{{ key }},
        {%- endfor %}
        cohort.model_canonical as candidate_model
    from model_stats as own
    inner join model_stats as cohort
        on own.period_month = cohort.period_month
        and own.outcome_type = cohort.outcome_type
        and own.billing_currency = cohort.billing_currency
        and own.provider = cohort.provider
    where cohort.model_canonical <> own.model_canonical
        and cohort.outcomes_touched >= {{ min_outcomes }}
        and cohort.median_cost_per_outcome <= own.median_cost_per_outcome
),

models_seen as (
    select distinct
        provider,
        model_canonical
    from model_stats
),

canonical_prices as (
    {#- a canonical model takes the seed rows of the longest seed model name that is a prefix of it #}
    select
        provider,
        model_canonical,
        token_type,
        usd_per_token,
        valid_from,
        valid_to
    from (
        select
            models.provider,
            models.model_canonical,
            seed_prices.token_type,
            seed_prices.usd_per_token,
            seed_prices.valid_from,
            seed_prices.valid_to,
            rank() over (
                partition by models.provider, models.model_canonical order by length(seed_prices.model) desc
            ) as prefix_rank
        from models_seen as models
        inner join seed_prices
            on models.provider = seed_prices.provider
            and models.model_canonical like {{ dbt.concat(['seed_prices.model', "'%'"]) }}
    ) as matched
    where prefix_rank = 1
),

mix_priced as (
    select
        {%- for key in keys %}
            route_candidates.{{ key }},
        {%- endfor %}
        route_candidates.candidate_model,
        token_mix.tokens,
        token_mix.cost,
        own_price.usd_per_token is not null as is_priced,
        candidate_price.usd_per_token is not null as is_candidate_priced,
        cast(token_mix.tokens * own_price.usd_per_token as {{ money_type() }}) as list_cost,
        cast(token_mix.tokens * candidate_price.usd_per_token as {{ money_type() }}) as simulated_cost
    from route_candidates
    inner join token_mix
        on route_candidates.period_month = token_mix.occurred_month
        and route_candidates.outcome_type = token_mix.outcome_type
        and route_candidates.billing_currency = token_mix.billing_currency
        and route_candidates.provider = token_mix.provider
        and route_candidates.model_canonical = token_mix.model_canonical
    left join canonical_prices as own_price
        on token_mix.provider = own_price.provider
        and token_mix.model_canonical = own_price.model_canonical
        and token_mix.price_token_type = own_price.token_type
        and {{ valid_on('token_mix.charge_date', 'own_price.valid_from', 'own_price.valid_to') }}
    left join canonical_prices as candidate_price
        on route_candidates.provider = candidate_price.provider
        and route_candidates.candidate_model = candidate_price.model_canonical
        and token_mix.price_token_type = candidate_price.token_type
        and {{ valid_on('token_mix.charge_date', 'candidate_price.valid_from', 'candidate_price.valid_to') }}
),

candidate_costs as (
    select
        {{ keys | join(', ') }},
        candidate_model,
        sum(case when is_priced then list_cost else 0 end) as list_cost,
        sum(case when is_priced then simulated_cost else 0 end) as simulated_cost,
        sum(case when is_priced then 0 else cost end) as unpriced_cost,
        {#- a candidate must price every piece the own model prices, else its total would leave tokens out #}
        min(case when is_priced and not is_candidate_priced then 0 else 1 end) = 1 as prices_whole_mix
    from mix_priced
    group by {{ keys | join(', ') }}, candidate_model
),

routes as (
    select
        *,
        row_number() over (
            partition by {{ keys | join(', ') }}
            order by simulated_cost, case when candidate_model = model_canonical then 0 else 1 end, candidate_model
        ) as route_rank
    from candidate_costs
    where prices_whole_mix
),

final as (
    select
        {{ surrogate_key([
            'model_stats.period_month', 'model_stats.outcome_type', 'model_stats.billing_currency',
            'model_stats.provider', 'model_stats.model_canonical',
        ]) }} as model_efficiency_id,
        cast(model_stats.period_month as date) as period_month,
        model_stats.outcome_type,
        model_stats.billing_currency,
        model_stats.provider,
        model_stats.model_canonical,
        cast(model_stats.outcomes_touched as bigint) as outcomes_touched,
        model_stats.outcomes_touched >= {{ min_outcomes }} as is_in_cohort,
        cast(model_stats.attributed_cost as {{ money_type() }}) as attributed_cost,
        {{ money_ratio('model_stats.attributed_cost', 'model_stats.outcomes_touched') }} as cost_per_outcome,
        model_stats.median_cost_per_outcome,
        {{ method_shares(
            'model_stats.direct_cost', 'model_stats.person_in_flight_cost', 'model_stats.team_period_cost') }},
        cast(model_stats.total_tokens as decimal(38, 12)) as total_tokens,
        {{ exact_ratio('model_stats.total_tokens', 'model_stats.outcomes_touched', 3) }} as tokens_per_outcome,
        cast(routes.list_cost as {{ money_type() }}) as list_cost,
        cast(routes.unpriced_cost as {{ money_type() }}) as unpriced_cost,
        routes.candidate_model as routed_to_model,
        routed.median_cost_per_outcome as routed_median_cost_per_outcome,
        cast(routes.simulated_cost as {{ money_type() }}) as simulated_cost,
        cast(routes.list_cost - routes.simulated_cost as {{ money_type() }}) as potential_savings
    from model_stats
    left join routes
        on model_stats.period_month = routes.period_month
        and model_stats.outcome_type = routes.outcome_type
        and model_stats.billing_currency = routes.billing_currency
        and model_stats.provider = routes.provider
        and model_stats.model_canonical = routes.model_canonical
        and routes.route_rank = 1
    left join model_stats as routed
        on routes.period_month = routed.period_month
        and routes.outcome_type = routed.outcome_type
        and routes.billing_currency = routed.billing_currency
        and routes.provider = routed.provider
        and routes.candidate_model = routed.model_canonical
)

select * from final
