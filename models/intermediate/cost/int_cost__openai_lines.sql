{#- OpenAI cost lines as billed (no distribution): the principal is the API key when the line names one,
    else the project, else (an export not grouped by project or key) the organisation. -#}

with

cost_lines as (
    select * from {{ ref('stg_openai__costs') }}
),

taxonomy as (
    select * from {{ ref('token_type_taxonomy') }}
    where provider = 'openai'
),

final as (
    select
        cost_lines.cost_line_id,
        cost_lines.cost_line_id as source_cost_line_id,
        cost_lines.charge_period_start_at,
        cost_lines.charge_period_end_at,
        cost_lines.charge_date,
        cost_lines.project_id,
        cost_lines.api_key_id,
        case
            when cost_lines.api_key_id is not null then 'api_key'
            when cost_lines.project_id is not null then 'project'
            else 'organization'
        end as principal_kind,
        coalesce(cost_lines.api_key_id, cost_lines.project_id, cost_lines.organization_id, 'organization')
            as principal_id,
        cost_lines.model_name,
        cost_lines.charge_piece as provider_token_type,
        coalesce(taxonomy.x_token_type, 'other') as x_token_type,
        taxonomy.cache_ttl,
        case
            when cost_lines.quantity_unit in ('tokens', '1000_tokens') then 'Tokens'
            else coalesce(taxonomy.consumed_unit, cost_lines.quantity_unit)
        end as consumed_unit,
        cost_lines.charge_description,
        cost_lines.is_priority,
        cost_lines.is_long_context,
        cost_lines.billing_currency,
        cost_lines.billed_cost,
        case
            when cost_lines.quantity_unit = '1000_tokens' then cast(cost_lines.quantity * 1000 as {{ money_type() }})
            else cost_lines.quantity
        end as consumed_quantity,
        'billed_line' as distribution
    from cost_lines
    left join taxonomy
        on cost_lines.charge_piece = taxonomy.provider_token_type
)

select * from final
