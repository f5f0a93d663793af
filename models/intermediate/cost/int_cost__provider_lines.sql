{#-
    Every source's cost lines in one shape (the cost-line contract), before pricing, currency and FOCUS naming:
    Anthropic lines after the billed-to-usage distribution, OpenAI lines as billed, and every other source's
    int_cost__<source>_lines model named in source_line_models. One row per cost line. A cloud bill keeps its non-AI
    lines (x_is_ai false: the finance view); an estimated line (usage priced by a gateway or telemetry) bills 0 and
    carries its estimate apart, so billed and estimated money are never added.
-#}
{#- a view: a union the next model reads once, so it is never stored twice -#}
{{ config(materialized='view') }}

{#- a new cost source is one more model name here; each gives exactly line_columns -#}
{%- set source_line_models = [
    'int_cost__unbilled_usage_lines',
    'int_cost__litellm_lines', 'int_cost__openrouter_lines', 'int_cost__claude_code_lines',
    'int_cost__aws_cur_lines',
    'int_cost__focus_lines',
    'int_cost__copilot_lines', 'int_cost__seat_lines', 'int_cost__cursor_lines',
    'int_cost__azure_lines',
    'int_cost__gcp_lines',
    'int_cost__copilot_premium_request_lines',
] %}

{#- what a provider API's billed line states beyond its money, model and principal: AI, billed, nothing else -#}
{%- set api_line_defaults -%}
    'AI and Machine Learning' as service_category,
        cast(null as {{ dbt.type_string() }}) as charge_category,
        cast(null as {{ money_type() }}) as effective_cost,
        cast(null as {{ money_type() }}) as list_cost,
        cast(null as {{ dbt.type_string() }}) as tags,
        cast(null as {{ dbt.type_string() }}) as team_hint,
        true as x_is_ai,
        false as x_cost_is_estimated,
        cast(null as {{ money_type() }}) as estimated_cost
{%- endset %}

{%- set line_columns = [
    'cost_line_id', 'source_cost_line_id', 'x_source', 'provider', 'provider_name', 'service_name',
    'charge_description', 'charge_period_start_at', 'charge_period_end_at', 'charge_date', 'billed_cost',
    'billing_currency', 'sub_account_id', 'sub_account_kind', 'consumed_quantity', 'consumed_unit', 'model_name',
    'provider_token_type', 'x_token_type', 'cache_ttl', 'principal_kind', 'principal_id', 'distribution',
    'is_list_priceable', 'service_category', 'charge_category', 'effective_cost', 'list_cost', 'tags', 'team_hint',
    'x_is_ai', 'x_cost_is_estimated', 'estimated_cost',
] %}


with

anthropic_lines as (
    select * from {{ ref('int_cost__anthropic_distributed_to_keys') }}
),

openai_lines as (
    select * from {{ ref('int_cost__openai_lines') }}
),

lines_unioned as (
    select
        cost_line_id,
        source_cost_line_id,
        'anthropic_cost_report' as x_source,
        'anthropic' as provider,
        'Anthropic' as provider_name,
        'Claude API' as service_name,
        charge_description,
        charge_period_start_at,
        charge_period_end_at,
        charge_date,
        billed_cost,
        billing_currency,
        coalesce(workspace_id, 'default') as sub_account_id,
        'workspace' as sub_account_kind,
        consumed_quantity,
        consumed_unit,
        model_name,
        provider_token_type,
        x_token_type,
        cache_ttl,
        principal_kind,
        principal_id,
        distribution,
        coalesce(service_tier, 'standard') = 'standard' and coalesce(context_window, '0-200k') = '0-200k'
            as is_list_priceable,
        {{ api_line_defaults }}
    from anthropic_lines
    union all
    select
        cost_line_id,
        source_cost_line_id,
        'openai_costs' as x_source,
        'openai' as provider,
        'OpenAI' as provider_name,
        'OpenAI API' as service_name,
        charge_description,
        charge_period_start_at,
        charge_period_end_at,
        charge_date,
        billed_cost,
        billing_currency,
        project_id as sub_account_id,
        'project' as sub_account_kind,
        consumed_quantity,
        consumed_unit,
        model_name,
        provider_token_type,
        x_token_type,
        cache_ttl,
        principal_kind,
        principal_id,
        distribution,
        not is_priority and not is_long_context as is_list_priceable,
        {{ api_line_defaults }}
    from openai_lines
    {%- for model in source_line_models %}
        union all
        select {{ line_columns | join(', ') }} from {{ ref(model) }}
    {%- endfor %}
)

select * from lines_unioned
