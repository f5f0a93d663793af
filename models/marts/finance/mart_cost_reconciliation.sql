{#-
    One row per charge day x provider x canonical model x billing currency, for days before as_of: what the
    provider billed for tokens (its cost export's token charge lines in fct_ai_cost) against what its usage report's
    tokens cost at the dated list price (model_prices: the longest model prefix, the latest valid_from on or
    before the day; standard tier, short context, not batch), and the gap. Charges that are not tokens (web search
    requests, code execution, credits) are on neither side. Usage the seed cannot price (another tier, a model
    with no price) is counted in unpriced_tokens and makes the row not comparable, as does a day for which the
    provider gave only one of usage and cost (DESIGN.md "Billed versus estimated": the two are never added up).
    The list price is in USD; a row billed in another currency gets the estimate at the fx seed's rate that day.
-#}
{%- set as_of = "cast('" ~ var('as_of') ~ "' as date)" %}
{%- set token_types = "('input', 'output', 'cache_read', 'cache_write', 'reasoning')" %}
{%- set no_model = "'(no model)'" %}

with

cost_lines as (
    select * from {{ ref('fct_ai_cost') }}
    where x_charge_date < {{ as_of }}
),

anthropic_usage as (
    select * from {{ ref('int_cost__anthropic_usage_by_token_type') }}
    where usage_date < {{ as_of }}
),

openai_usage as (
    select * from {{ ref('int_cost__openai_usage_by_token_type') }}
    where usage_date < {{ as_of }}
),

openai_usage_rows as (
    select * from {{ ref('stg_openai__usage_completions') }}
),

taxonomy as (
    select * from {{ ref('token_type_taxonomy') }}
),

model_prices as (
    select * from {{ ref('model_prices') }}
),

model_canonical_overrides as (
    select * from {{ ref('model_canonical_overrides') }}
),

fx_rates as (
    select
        currency,
        usd_per_unit,
        rate_date as valid_from,
        lead(rate_date) over (partition by currency order by rate_date) as valid_to
    from {{ ref('fx_rates') }}
),

billed as (
    select
        x_charge_date as charge_date,
        lower(ProviderName) as provider,
        coalesce(x_model_canonical, {{ no_model }}) as model_canonical,
        BillingCurrency as billing_currency,
        sum(BilledCost) as billed_cost,
        count(*) as cost_line_count
    from cost_lines
    where x_token_type in {{ token_types }}
        and not x_cost_is_estimated  -- an estimate is the other side, never billed money
    group by 1, 2, 3, 4
),

usage_tokens as (
    select
        usage_date,
        'anthropic' as provider,
        model_name,
        x_token_type || coalesce('_' || cache_ttl, '') as price_token_type,
        coalesce(service_tier, 'standard') = 'standard' and coalesce(context_window, '0-200k') = '0-200k'
            as is_list_priceable,
        token_count
    from anthropic_usage
    where x_token_type in {{ token_types }}
    union all
    select
        openai_usage.usage_date,
        'openai' as provider,
        openai_usage.model_name,
        taxonomy.x_token_type as price_token_type,
        coalesce(openai_usage.service_tier, 'default') = 'default' and not coalesce(openai_usage_rows.is_batch, false)
            as is_list_priceable,
        openai_usage.token_count
    from openai_usage
    inner join taxonomy
        on taxonomy.provider = 'openai'
        and openai_usage.charge_piece = taxonomy.provider_token_type
    left join openai_usage_rows
        on openai_usage.usage_row_id = openai_usage_rows.usage_row_id
    where taxonomy.x_token_type in {{ token_types }}
),

usage_grouped as (
    select
        usage_date,
        provider,
        model_name,
        price_token_type,
        is_list_priceable,
        sum(token_count) as token_count
    from usage_tokens
    group by 1, 2, 3, 4, 5
),

price_candidates as (
    -- the price lookup of int_cost__unified's ListCost, on usage instead of billed lines
    select
        usage_grouped.usage_date,
        usage_grouped.provider,
        usage_grouped.model_name,
        usage_grouped.price_token_type,
        model_prices.usd_per_million_tokens,
        model_prices.valid_from,
        rank() over (
            partition by
                usage_grouped.usage_date, usage_grouped.provider, usage_grouped.model_name,
                usage_grouped.price_token_type
            order by length(model_prices.model) desc
        ) as prefix_rank
    from usage_grouped
    inner join model_prices
        on usage_grouped.provider = model_prices.provider
        and usage_grouped.price_token_type = model_prices.token_type
        and usage_grouped.model_name like {{ dbt.concat(['model_prices.model', "'%'"]) }}
        and usage_grouped.usage_date >= model_prices.valid_from
    where usage_grouped.is_list_priceable
),

prices_on_usage_date as (
    select
        usage_date,
        provider,
        model_name,
        price_token_type,
        usd_per_million_tokens,
        row_number() over (
            partition by usage_date, provider, model_name, price_token_type order by valid_from desc
        ) as recency_rank
    from price_candidates
    where prefix_rank = 1
),

model_names as (
    select distinct model_name from usage_grouped
),

canonical_models as (
    select
        model_names.model_name,
        coalesce(model_canonical_overrides.model_canonical, {{ canonical_model('model_names.model_name') }})
            as model_canonical
    from model_names
    left join model_canonical_overrides
        on {{ model_release('model_names.model_name') }} = model_canonical_overrides.model_release
),

usage_priced as (
    select
        usage_grouped.usage_date as charge_date,
        usage_grouped.provider,
        coalesce(canonical_models.model_canonical, {{ no_model }}) as model_canonical,
        usage_grouped.token_count,
        cast(
            cast(usage_grouped.token_count as {{ type_hugeint() }}) * prices.usd_per_million_tokens * 0.000001
            as {{ money_type() }}
        ) as estimated_usd
    from usage_grouped
    left join prices_on_usage_date as prices
        on usage_grouped.usage_date = prices.usage_date
        and usage_grouped.provider = prices.provider
        and usage_grouped.model_name = prices.model_name
        and usage_grouped.price_token_type = prices.price_token_type
        and prices.recency_rank = 1
        and usage_grouped.is_list_priceable
    left join canonical_models
        on usage_grouped.model_name = canonical_models.model_name
),

estimated as (
    select
        charge_date,
        provider,
        model_canonical,
        sum(token_count) as usage_tokens,
        sum(case when estimated_usd is null then token_count else 0 end) as unpriced_tokens,
        sum(estimated_usd) as estimated_usd
    from usage_priced
    group by 1, 2, 3
),

provider_day_currencies as (
    -- usage has no currency: it is compared in the one currency the provider billed that day in (USD when none)
    select
        charge_date,
        provider,
        case when count(distinct billing_currency) = 1 then min(billing_currency) end as billing_currency
    from billed
    group by 1, 2
),

estimated_in_currency as (
    select
        estimated.charge_date,
        estimated.provider,
        estimated.model_canonical,
        coalesce(provider_day_currencies.billing_currency, 'USD') as billing_currency,
        estimated.usage_tokens,
        estimated.unpriced_tokens,
        case
            when coalesce(provider_day_currencies.billing_currency, 'USD') = 'USD' then estimated.estimated_usd
            else {{ money_ratio('estimated.estimated_usd', 'fx.usd_per_unit') }}
        end as estimated_cost
    from estimated
    left join provider_day_currencies
        on estimated.charge_date = provider_day_currencies.charge_date
        and estimated.provider = provider_day_currencies.provider
    left join fx_rates as fx
        on provider_day_currencies.billing_currency = fx.currency
        and {{ valid_on('estimated.charge_date', 'fx.valid_from', 'fx.valid_to') }}
),

joined as (
    select
        coalesce(billed.charge_date, estimated_in_currency.charge_date) as charge_date,
        coalesce(billed.provider, estimated_in_currency.provider) as provider,
        coalesce(billed.model_canonical, estimated_in_currency.model_canonical) as model_canonical,
        coalesce(billed.billing_currency, estimated_in_currency.billing_currency) as billing_currency,
        billed.billed_cost,
        coalesce(billed.cost_line_count, 0) as cost_line_count,
        estimated_in_currency.estimated_cost,
        coalesce(estimated_in_currency.usage_tokens, 0) as usage_tokens,
        coalesce(estimated_in_currency.unpriced_tokens, 0) as unpriced_tokens,
        billed.charge_date is not null as has_billed,
        estimated_in_currency.charge_date is not null as has_usage
    from billed
    full outer join estimated_in_currency
        on billed.charge_date = estimated_in_currency.charge_date
        and billed.provider = estimated_in_currency.provider
        and billed.model_canonical = estimated_in_currency.model_canonical
        and billed.billing_currency = estimated_in_currency.billing_currency
),

provider_days as (
    select
        charge_date,
        provider,
        max(case when has_billed then 1 else 0 end) = 1 and max(case when has_usage then 1 else 0 end) = 1
            as provider_has_both
    from joined
    group by 1, 2
),

compared as (
    select
        joined.*,
        provider_days.provider_has_both,
        provider_days.provider_has_both
        and joined.unpriced_tokens = 0
        and (not joined.has_usage or joined.estimated_cost is not null) as is_comparable,
        coalesce(joined.billed_cost, 0) - coalesce(joined.estimated_cost, 0) as difference
    from joined
    inner join provider_days
        on joined.charge_date = provider_days.charge_date
        and joined.provider = provider_days.provider
),

final as (
    select
        {{ surrogate_key(['charge_date', 'provider', 'model_canonical', 'billing_currency']) }}
            as cost_reconciliation_id,
        cast(charge_date as date) as charge_date,
        provider,
        model_canonical,
        billing_currency,
        cast(billed_cost as {{ money_type() }}) as billed_cost,
        cast(estimated_cost as {{ money_type() }}) as estimated_cost,
        cast(case when is_comparable then difference end as {{ money_type() }}) as gap_cost,
        case when is_comparable then {{ money_ratio('difference * 100', 'estimated_cost') }} end as gap_pct,
        cast(cost_line_count as bigint) as cost_line_count,
        cast(usage_tokens as bigint) as usage_tokens,
        cast(unpriced_tokens as bigint) as unpriced_tokens,
        has_billed,
        has_usage,
        provider_has_both,
        is_comparable
    from compared
)

select * from final
