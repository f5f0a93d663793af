{#-
    Billed-to-usage distribution (DESIGN.md). Each Anthropic cost line of day d, workspace w, model m and token type t
    is split over the usage rows of the same d, w, m, t in proportion to their tokens (allocate_by_weight: the parts
    add up to the billed line exactly). A null workspace is the default workspace and matches usage with a null
    workspace. A cost line without a model (web search, code execution) matches usage of any model. Service tier and
    context window must agree where both sides name them (usage not grouped by them matches any). A credit or
    refund naming no token type (a promotional credit) is split over the same day's usage shares of its workspace
    in proportion to their cost (distribution credit_share). A cost line with no matching usage keeps one line on
    its workspace ('default' when null). The principal of a share is the usage
    row's API key, else its user account (usage grouped by account_id), else its service account, else the workspace.
-#}
{{ window_replace_config('cost', 'charge_date') }}


with

cost_lines as (
    select * from {{ ref('stg_anthropic__cost_report') }}
    where {{ in_incremental_window('charge_date', 'cost') }}
),

usage_tokens as (
    select * from {{ ref('int_cost__anthropic_usage_by_token_type') }}
    where {{ in_incremental_window('usage_date', 'cost') }}
),

taxonomy as (
    select * from {{ ref('token_type_taxonomy') }}
    where provider = 'anthropic'
),

cost_lines_matched_to_usage as (
    {#- Equi-joins only (an OR in a join condition is a day-wide cross product): the default workspace is null on
        both sides (is not distinct from), and a line naming a model and a line naming none are two joins. #}
    {%- for naming_a_model in [true, false] %}
        select
            cost_lines.cost_line_id as source_cost_line_id,
            cost_lines.billed_cost,
            usage_tokens.usage_token_row_id,
            usage_tokens.api_key_id,
            usage_tokens.account_id,
            usage_tokens.service_account_id,
            usage_tokens.model_name as usage_model_name,
            usage_tokens.token_count
        from cost_lines
        inner join usage_tokens
            on cost_lines.charge_date = usage_tokens.usage_date
            and cost_lines.workspace_id is not distinct from usage_tokens.workspace_id
            and cost_lines.provider_token_type = usage_tokens.provider_token_type
            {%- if naming_a_model %}
                and cost_lines.model_key = usage_tokens.model_key
            {%- endif %}
            -- a batch or long-context bill goes only to usage of that tier and window, when usage is grouped by them
            and (
                cost_lines.service_tier is null or usage_tokens.service_tier is null
                or cost_lines.service_tier = usage_tokens.service_tier
            )
            and (
                cost_lines.context_window is null or usage_tokens.context_window is null
                or cost_lines.context_window = usage_tokens.context_window
            )
        where cost_lines.model_key is {{ 'not ' if naming_a_model else '' }}null
        {%- if naming_a_model %}
            union all
        {%- endif %}
    {%- endfor %}
),

usage_shares as (
    select
        source_cost_line_id,
        usage_token_row_id,
        api_key_id,
        account_id,
        service_account_id,
        usage_model_name,
        token_count,
        {{ allocate_by_weight('billed_cost', 'token_count', ['source_cost_line_id'], ['usage_token_row_id']) }}
            as distributed_cost
    from cost_lines_matched_to_usage
),

spend_shares as (
    {#- the day's usage shares of each workspace: what a credit naming no token type is split over #}
    select
        cost_lines.charge_date,
        cost_lines.workspace_id,
        usage_shares.source_cost_line_id,
        usage_shares.usage_token_row_id,
        usage_shares.api_key_id,
        usage_shares.account_id,
        usage_shares.service_account_id,
        usage_shares.usage_model_name,
        usage_shares.distributed_cost
    from usage_shares
    inner join cost_lines
        on usage_shares.source_cost_line_id = cost_lines.cost_line_id
    where usage_shares.distributed_cost >= 0.000000001  -- a weight of at least one unit of 1e-9
),

credit_shares as (
    {#- a credit or refund that names no token type (a promotional credit) goes to the same day's spend of its
        workspace in proportion to it, so it lowers the cost of whoever spent, not of nobody -#}
    select
        credits.cost_line_id as source_cost_line_id,
        {{ surrogate_key(['spend_shares.source_cost_line_id', 'spend_shares.usage_token_row_id']) }} as share_key,
        spend_shares.usage_token_row_id,
        spend_shares.api_key_id,
        spend_shares.account_id,
        spend_shares.service_account_id,
        spend_shares.usage_model_name,
        {{ allocate_by_weight(
            'credits.billed_cost', 'spend_shares.distributed_cost * 1000', ['credits.cost_line_id'],
            ['spend_shares.source_cost_line_id', 'spend_shares.usage_token_row_id']
        ) }} as distributed_cost
    from cost_lines as credits
    inner join spend_shares
        on credits.charge_date = spend_shares.charge_date
        and credits.workspace_id is not distinct from spend_shares.workspace_id
    where credits.billed_cost < 0
        and credits.provider_token_type is null
),

shares as (
    select
        source_cost_line_id,
        usage_token_row_id as share_key,
        usage_token_row_id,
        api_key_id,
        account_id,
        service_account_id,
        usage_model_name,
        cast(token_count as {{ money_type() }}) as consumed_quantity,
        distributed_cost,
        'usage_share' as distribution
    from usage_shares
    union all
    select
        source_cost_line_id,
        share_key,
        usage_token_row_id,
        api_key_id,
        account_id,
        service_account_id,
        usage_model_name,  -- the model of the spend it offsets, so per-model cost nets the credit too
        cast(null as {{ money_type() }}) as consumed_quantity,
        distributed_cost,
        'credit_share' as distribution
    from credit_shares
),

lines as (
    select
        {{ surrogate_key(['cost_lines.cost_line_id', 'shares.share_key']) }} as cost_line_id,
        cost_lines.cost_line_id as source_cost_line_id,
        shares.usage_token_row_id,
        coalesce(shares.usage_model_name, cost_lines.model_name) as model_name,
        shares.api_key_id,
        shares.account_id,
        shares.service_account_id,
        -- usage grouped by account (OAuth: Claude Code, Console) or service account names who spent it
        case
            when shares.api_key_id is not null then 'api_key'
            when shares.account_id is not null then 'account'
            when shares.service_account_id is not null then 'service_account'
            else 'workspace'
        end as principal_kind,
        coalesce(
            shares.api_key_id, shares.account_id, shares.service_account_id, cost_lines.workspace_id, 'default'
        ) as principal_id,
        shares.distributed_cost as billed_cost,
        shares.consumed_quantity,
        shares.distribution
    from cost_lines
    inner join shares
        on cost_lines.cost_line_id = shares.source_cost_line_id

    union all

    select
        cost_lines.cost_line_id,
        cost_lines.cost_line_id as source_cost_line_id,
        cast(null as {{ dbt.type_string() }}) as usage_token_row_id,
        cost_lines.model_name,
        cast(null as {{ dbt.type_string() }}) as api_key_id,
        cast(null as {{ dbt.type_string() }}) as account_id,
        cast(null as {{ dbt.type_string() }}) as service_account_id,
        'workspace' as principal_kind,
        coalesce(cost_lines.workspace_id, 'default') as principal_id,
        cost_lines.billed_cost,
        cast(null as {{ money_type() }}) as consumed_quantity,
        'no_usage_match' as distribution
    from cost_lines
    where not exists (
            select 1 from shares
            where shares.source_cost_line_id = cost_lines.cost_line_id
        )
),

final as (
    select
        lines.cost_line_id,
        lines.source_cost_line_id,
        lines.usage_token_row_id,
        cost_lines.charge_period_start_at,
        cost_lines.charge_period_end_at,
        cost_lines.charge_date,
        cost_lines.workspace_id,
        lines.api_key_id,
        lines.account_id,
        lines.service_account_id,
        lines.principal_kind,
        lines.principal_id,
        lines.model_name,
        cost_lines.provider_token_type,
        taxonomy.cache_ttl,
        taxonomy.consumed_unit,
        cost_lines.cost_type,
        cost_lines.charge_description,
        cost_lines.service_tier,
        cost_lines.context_window,
        cost_lines.billing_currency,
        lines.billed_cost,
        lines.consumed_quantity,
        lines.distribution,
        coalesce(taxonomy.x_token_type, 'other') as x_token_type
    from lines
    inner join cost_lines
        on lines.source_cost_line_id = cost_lines.cost_line_id
    left join taxonomy
        on cost_lines.provider_token_type = taxonomy.provider_token_type
)

select * from final
