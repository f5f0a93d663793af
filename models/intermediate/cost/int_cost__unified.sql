{#-
    Every cost line of every source (AI and a cloud bill's other lines, billed and estimated) in FOCUS columns plus
    costper's x_ extensions, before identity resolution. ListCost is the source's own where it states one, else the
    consumed tokens at the model price seed (longest model prefix, latest valid_from on or before the charge date);
    batch, priority and long-context lines stay unpriced. An estimated line's x_estimated_cost is its source's
    estimate, else that list price. x_cost_reporting converts
    BilledCost to var('reporting_currency') with the fx seed rate valid on the charge date. Negative billed money
    is a Credit or an Adjustment (ChargeCategory), flowing on like any line. x_model keeps the provider's exact id;
    x_model_canonical is the one name every mart groups by.
-#}
{{ window_replace_config('cost', 'x_charge_date') }}

{%- set reporting_currency = var('reporting_currency') -%}
{%- set list_cost -%}
    coalesce(lines.list_cost, cast(
        cast(round(lines.consumed_quantity) as {{ type_hugeint() }}) * prices.usd_per_million_tokens * 0.000001
        as {{ money_type() }}
    ))
{%- endset %}

with

provider_lines as (
    select * from {{ ref('int_cost__provider_lines') }}
    where {{ in_incremental_window('charge_date', 'cost') }}
),

model_prices as (
    select * from {{ ref('model_prices') }}
),

fx_rates as (
    select
        currency,
        usd_per_unit,
        rate_date as valid_from,
        lead(rate_date) over (partition by currency order by rate_date) as valid_to
    from {{ ref('fx_rates') }}
),

model_canonical_overrides as (
    select * from {{ ref('model_canonical_overrides') }}
),

model_names as (
    select distinct model_name from provider_lines
    where model_name is not null
),

canonical_models as (
    {#- one canonical name per distinct model id, not a regex pass per line #}
    select
        model_names.model_name,
        coalesce(model_canonical_overrides.model_canonical, {{ canonical_model('model_names.model_name') }})
            as model_canonical
    from model_names
    left join model_canonical_overrides
        on {{ model_release('model_names.model_name') }} = model_canonical_overrides.model_release
),

lines_priced_keys as (
    select distinct
        provider,
        model_name,
        charge_date,
        x_token_type || coalesce('_' || cache_ttl, '') as price_token_type
    from provider_lines
    where model_name is not null and is_list_priceable and consumed_quantity is not null
),

price_candidates as (
    select
        lines_priced_keys.*,
        model_prices.usd_per_million_tokens,
        model_prices.valid_from,
        rank() over (
            partition by
                lines_priced_keys.provider, lines_priced_keys.model_name,
                lines_priced_keys.price_token_type, lines_priced_keys.charge_date
            order by length(model_prices.model) desc
        ) as prefix_rank
    from lines_priced_keys
    inner join model_prices
        on lines_priced_keys.provider = model_prices.provider
        and lines_priced_keys.price_token_type = model_prices.token_type
        and lines_priced_keys.model_name like {{ dbt.concat(['model_prices.model', "'%'"]) }}
        and lines_priced_keys.charge_date >= model_prices.valid_from  -- a price not yet valid never wins
),

prices_on_charge_date as (
    select
        provider,
        model_name,
        price_token_type,
        charge_date,
        usd_per_million_tokens,
        row_number() over (
            partition by provider, model_name, price_token_type, charge_date order by valid_from desc
        ) as recency_rank
    from price_candidates
    where prefix_rank = 1
),

final as (
    select
        lines.cost_line_id,
        lines.source_cost_line_id,
        lines.x_source,
        lines.provider as x_provider,  -- the lower-case id that names one provider across sources
        lines.provider_name as ProviderName,
        lines.provider_name as ServiceProviderName,
        lines.service_name as ServiceName,
        lines.service_category as ServiceCategory,
        coalesce(
            lines.charge_category, {{ charge_category('lines.billed_cost', 'lines.charge_description') }}
        ) as ChargeCategory,
        lines.charge_description as ChargeDescription,
        lines.charge_period_start_at as ChargePeriodStart,
        lines.charge_period_end_at as ChargePeriodEnd,
        lines.charge_date as x_charge_date,
        lines.billed_cost as BilledCost,
        coalesce(lines.effective_cost, lines.billed_cost) as EffectiveCost,
        {{ list_cost }} as ListCost,
        lines.billing_currency as BillingCurrency,
        case
            when lines.billing_currency = '{{ reporting_currency }}' then lines.billed_cost
            {% if reporting_currency == 'USD' -%}
                else cast(lines.billed_cost * billing_fx.usd_per_unit as {{ money_type() }})
            {%- else -%}
            else {{ money_ratio('lines.billed_cost * billing_fx.usd_per_unit', 'reporting_fx.usd_per_unit') }}
            {%- endif %}
        end as x_cost_reporting,
        '{{ reporting_currency }}' as x_reporting_currency,
        lines.x_cost_is_estimated,
        -- usage no bill covers, with no estimate of its own (int_cost__unbilled_usage_lines): its tokens at list price
        case when lines.x_cost_is_estimated then coalesce(lines.estimated_cost, {{ list_cost }}) end
            as x_estimated_cost,
        lines.sub_account_id as SubAccountId,
        lines.sub_account_kind as x_sub_account_kind,
        {{ dbt.concat([
            'lines.provider', "':'", "coalesce(lines.model_name, '-')", "':'", 'lines.provider_token_type'
        ]) }} as SkuId,
        lines.provider_token_type as SkuMeter,
        lines.consumed_quantity as ConsumedQuantity,
        lines.consumed_unit as ConsumedUnit,
        cast(lines.tags as {{ type_json() }}) as Tags,
        lines.team_hint as x_team_hint,
        lines.model_name as x_model,
        canonical_models.model_canonical as x_model_canonical,
        lines.x_token_type,
        lines.cache_ttl as x_cache_ttl,
        lines.principal_kind as x_principal_kind,
        lines.principal_id as x_principal_id,
        lines.x_is_ai,
        lines.distribution as x_distribution
    from provider_lines as lines
    left join prices_on_charge_date as prices
        on lines.provider = prices.provider
        and lines.model_name = prices.model_name
        and lines.x_token_type || coalesce('_' || lines.cache_ttl, '') = prices.price_token_type
        and lines.charge_date = prices.charge_date
        and prices.recency_rank = 1
        and lines.is_list_priceable
    left join canonical_models
        on lines.model_name = canonical_models.model_name
    left join fx_rates as billing_fx
        on lines.billing_currency = billing_fx.currency
        and {{ valid_on('lines.charge_date', 'billing_fx.valid_from', 'billing_fx.valid_to') }}
    -- reporting_fx is read only when the reporting currency is not USD
    left join fx_rates as reporting_fx  -- noqa: ST11
        on reporting_fx.currency = '{{ reporting_currency }}'
        and {{ valid_on('lines.charge_date', 'reporting_fx.valid_from', 'reporting_fx.valid_to') }}
)

select * from final
