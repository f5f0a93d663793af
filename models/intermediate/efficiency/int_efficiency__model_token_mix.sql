{#-
    The token mix behind the cost that reached outcomes, for the routing simulation of mart_model_efficiency: one row
    per outcome delivery month x outcome type x billing currency x provider x canonical model x price token type
    x charge date, with the tokens and the billed cost the ledger gave those outcomes. Ledger rows of one cost line
    (direct, person_in_flight) take the line's token type and charge date; a team_period bucket row holds many
    lines, so each of the bucket's pieces (price token type x charge date) is split over the bucket's outcome
    groups (delivery month x outcome type) by their weights, exactly as the ledger split the bucket
    (allocate_by_weight, cumulative rounding). Cost with no canonical model is left out (nothing to route).
-#}

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

cost_lines as (
    select
        cost_line_id,
        x_charge_date as charge_date,
        {#- the model price seed's token type: the x_token_type, with the TTL of a TTL-priced cache write; null on a
            line that counts no tokens (requests, seats, a charge without usage), which stays unpriced #}
        case
            when ConsumedUnit = 'Tokens' and ConsumedQuantity is not null
                then {{ dbt.concat(['x_token_type', "coalesce('_' || x_cache_ttl, '')"]) }}
        end as price_token_type
    from {{ ref('fct_ai_cost') }}
),

bucket_lines as (
    select * from {{ ref('fct_cost_line_buckets') }}
),

line_pieces as (
    select
        outcomes.occurred_month,
        ledger.outcome_type,
        ledger.billing_currency,
        lower(ledger.provider) as provider,
        ledger.x_model_canonical as model_canonical,
        cost_lines.price_token_type,
        cost_lines.charge_date,
        ledger.allocated_tokens as tokens,
        ledger.allocated_cost as cost
    from ledger
    inner join cost_lines
        on ledger.cost_line_id = cost_lines.cost_line_id
    inner join outcomes
        on ledger.outcome_id = outcomes.outcome_id
        and ledger.billing_currency = outcomes.billing_currency
    where ledger.method <> 'team_period'
),

bucket_outcome_groups as (
    select
        ledger.allocation_bucket_id,
        outcomes.occurred_month,
        ledger.outcome_type,
        ledger.billing_currency,
        lower(ledger.provider) as provider,
        ledger.x_model_canonical as model_canonical,
        sum(ledger.weight) as group_weight
    from ledger
    inner join outcomes
        on ledger.outcome_id = outcomes.outcome_id
        and ledger.billing_currency = outcomes.billing_currency
    where ledger.method = 'team_period'
    group by
        ledger.allocation_bucket_id, outcomes.occurred_month, ledger.outcome_type, ledger.billing_currency,
        ledger.provider, ledger.x_model_canonical
),

bucket_pieces as (
    select
        bucket_lines.allocation_bucket_id,
        cost_lines.price_token_type,
        cost_lines.charge_date,
        sum(bucket_lines.consumed_tokens) as tokens,
        sum(bucket_lines.billed_cost) as cost
    from bucket_lines
    inner join cost_lines
        on bucket_lines.cost_line_id = cost_lines.cost_line_id
    group by bucket_lines.allocation_bucket_id, cost_lines.price_token_type, cost_lines.charge_date
),

bucket_pieces_split as (
    select
        bucket_outcome_groups.occurred_month,
        bucket_outcome_groups.outcome_type,
        bucket_outcome_groups.billing_currency,
        bucket_outcome_groups.provider,
        bucket_outcome_groups.model_canonical,
        bucket_pieces.price_token_type,
        bucket_pieces.charge_date,
        {%- set piece = ['bucket_pieces.allocation_bucket_id', 'bucket_pieces.price_token_type',
                         'bucket_pieces.charge_date'] %}
        {%- set group_order = ['bucket_outcome_groups.occurred_month', 'bucket_outcome_groups.outcome_type'] %}
        {{ allocate_by_weight('bucket_pieces.tokens', 'bucket_outcome_groups.group_weight', piece, group_order) }}
            as tokens,
        {{ allocate_by_weight('bucket_pieces.cost', 'bucket_outcome_groups.group_weight', piece, group_order) }}
            as cost
    from bucket_pieces
    inner join bucket_outcome_groups
        on bucket_pieces.allocation_bucket_id = bucket_outcome_groups.allocation_bucket_id
),

pieces as (
    select * from line_pieces
    union all
    select * from bucket_pieces_split
),

final as (
    select
        {{ surrogate_key([
            'occurred_month', 'outcome_type', 'billing_currency', 'provider', 'model_canonical', 'price_token_type',
            'charge_date',
        ]) }} as token_mix_id,
        cast(occurred_month as date) as occurred_month,
        outcome_type,
        billing_currency,
        provider,
        model_canonical,
        price_token_type,
        cast(charge_date as date) as charge_date,
        cast(sum(tokens) as decimal(38, 12)) as tokens,
        cast(sum(cost) as {{ money_type() }}) as cost
    from pieces
    group by occurred_month, outcome_type, billing_currency, provider, model_canonical, price_token_type, charge_date
)

select * from final
