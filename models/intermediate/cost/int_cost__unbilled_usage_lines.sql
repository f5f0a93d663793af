{#-
    Usage that no bill in the warehouse covers: Anthropic and OpenAI usage rows of a day for which that provider's
    cost export has no line at all (a company that pulls usage but not costs, or a day the cost export has not
    reached yet). Each usage row and token type becomes an estimated cost line (x_cost_is_estimated): it bills 0, and
    int_cost__unified prices its tokens with the model price seed valid on its day (its ListCost) as the estimate.
    A day the provider billed is left alone: its usage is already the weights the bill is distributed over.
-#}

with

anthropic_usage as (
    select * from {{ ref('int_cost__anthropic_usage_by_token_type') }}
),

openai_usage as (
    select * from {{ ref('int_cost__openai_usage_by_token_type') }}
),

anthropic_billed_days as (
    select distinct charge_date from {{ ref('stg_anthropic__cost_report') }}
),

openai_billed_days as (
    select distinct charge_date from {{ ref('stg_openai__costs') }}
),

openai_taxonomy as (
    select * from {{ ref('token_type_taxonomy') }}
    where provider = 'openai'
),

anthropic_lines as (
    select
        usage_token_row_id,
        'anthropic_usage' as x_source,
        'anthropic' as provider,
        'Anthropic' as provider_name,
        'Claude API' as service_name,
        usage_date,
        coalesce(workspace_id, 'default') as sub_account_id,
        'workspace' as sub_account_kind,
        token_count,
        model_name,
        provider_token_type,
        x_token_type,
        cache_ttl,
        case
            when api_key_id is not null then 'api_key'
            when account_id is not null then 'account'
            when service_account_id is not null then 'service_account'
            else 'workspace'
        end as principal_kind,
        coalesce(api_key_id, account_id, service_account_id, workspace_id, 'default') as principal_id,
        coalesce(service_tier, 'standard') = 'standard' and coalesce(context_window, '0-200k') = '0-200k'
            as is_list_priceable
    from anthropic_usage
    where usage_date not in (select anthropic_billed_days.charge_date from anthropic_billed_days)
),

openai_lines as (
    select
        openai_usage.usage_token_row_id,
        'openai_usage' as x_source,
        'openai' as provider,
        'OpenAI' as provider_name,
        'OpenAI API' as service_name,
        openai_usage.usage_date,
        openai_usage.project_id as sub_account_id,
        'project' as sub_account_kind,
        openai_usage.token_count,
        openai_usage.model_name,
        openai_usage.charge_piece as provider_token_type,
        coalesce(openai_taxonomy.x_token_type, 'other') as x_token_type,
        openai_taxonomy.cache_ttl,
        case when openai_usage.api_key_id is not null then 'api_key' else 'project' end as principal_kind,
        coalesce(openai_usage.api_key_id, openai_usage.project_id, 'organization') as principal_id,
        coalesce(openai_usage.service_tier, 'default') not in ('priority', 'flex') as is_list_priceable
    from openai_usage
    left join openai_taxonomy
        on openai_usage.charge_piece = openai_taxonomy.provider_token_type
    where openai_usage.usage_date not in (select openai_billed_days.charge_date from openai_billed_days)
),

usage_lines as (
    select * from anthropic_lines
    union all
    select * from openai_lines
),

final as (
    select
        {{ surrogate_key(["'unbilled'", 'usage_token_row_id']) }} as cost_line_id,
        {{ surrogate_key(["'unbilled'", 'usage_token_row_id']) }} as source_cost_line_id,
        x_source,
        provider,
        provider_name,
        service_name,
        'usage without a bill: estimated' as charge_description,
        {{ date_to_utc_timestamp('usage_date') }} as charge_period_start_at,
        {{ date_to_utc_timestamp(dbt.dateadd('day', 1, 'usage_date')) }} as charge_period_end_at,
        usage_date as charge_date,
        cast(0 as {{ money_type() }}) as billed_cost,
        'USD' as billing_currency,
        sub_account_id,
        sub_account_kind,
        cast(token_count as {{ money_type() }}) as consumed_quantity,
        case when x_token_type = 'request' then 'Requests' else 'Tokens' end as consumed_unit,
        model_name,
        provider_token_type,
        x_token_type,
        cache_ttl,
        principal_kind,
        principal_id,
        'billed_line' as distribution,
        is_list_priceable,
        'AI and Machine Learning' as service_category,
        'Usage' as charge_category,
        cast(0 as {{ money_type() }}) as effective_cost,
        cast(null as {{ money_type() }}) as list_cost,
        cast(null as {{ dbt.type_string() }}) as tags,
        cast(null as {{ dbt.type_string() }}) as team_hint,
        true as x_is_ai,
        true as x_cost_is_estimated,
        cast(null as {{ money_type() }}) as estimated_cost
    from usage_lines
)

select * from final
