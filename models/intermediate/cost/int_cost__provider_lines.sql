{#-
    Every provider's AI cost lines in one shape, before pricing, currency and FOCUS naming: Anthropic lines
    after the billed-to-usage distribution, OpenAI lines as billed. One row per cost line.
-#}
{#- a view: a union the next model reads once, so it is never stored twice -#}
{{ config(materialized='view') }}


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
            as is_list_priceable
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
        not is_priority and not is_long_context as is_list_priceable
    from openai_lines
)

select * from lines_unioned
