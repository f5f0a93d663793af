{#-
    GitHub billing usage items as cost lines, as billed (netAmount, dollars): Copilot premium requests and AI credits
    are AI spend (x_is_ai), the report's other products (Actions, ...) are kept as non-AI lines. The principal is
    the user's GitHub login where the report is per user, else the organisation; the sub-account is the repository
    (a github_repo alias routes its cost to a team) or the organisation. A Copilot SKU and period the premium
    request report covers is left to that report (int_cost__copilot_premium_request_coverage).
-#}

with

usage_items as (
    select * from {{ ref('stg_github__copilot_usage') }}
),

premium_request_coverage as (
    select * from {{ ref('int_cost__copilot_premium_request_coverage') }}
),

-- a Copilot item whose SKU and period the premium request report also bills is that report's (more detailed: by
-- model and user) line: dropped here, so loading both bills it once
covered_items as (
    {%- for grain in ['day', 'month', 'year'] %}
        {%- if not loop.first %}
            union all
        {%- endif %}
        select usage_items.usage_item_id
        from usage_items
        inner join premium_request_coverage
            on {{ copilot_sku_key('usage_items.sku') }} = premium_request_coverage.sku_key
            and premium_request_coverage.period_grain = '{{ grain }}'
            and {{ dbt.date_trunc(grain, 'usage_items.charge_period_start_at') }}
            = premium_request_coverage.period_start_at
        where
            usage_items.product = 'copilot'
            and (
                usage_items.organization_name is null or premium_request_coverage.billing_entity is null
                or lower(usage_items.organization_name) = lower(premium_request_coverage.billing_entity)
            )
    {%- endfor %}
),

covered as (
    select distinct usage_item_id from covered_items
),

current_items as (
    select usage_items.*
    from usage_items
    left join covered
        on usage_items.usage_item_id = covered.usage_item_id
    where covered.usage_item_id is null
),

final as (
    select
        usage_item_id as cost_line_id,
        usage_item_id as source_cost_line_id,
        'github_copilot_usage' as x_source,
        'github' as provider,
        'GitHub' as provider_name,
        case when product = 'copilot' then 'GitHub Copilot' else {{ dbt.concat(["'GitHub '", 'product']) }} end
            as service_name,
        {{ dbt.concat(['sku', "coalesce(' | ' || model_name, '')"]) }} as charge_description,
        charge_period_start_at,
        charge_period_end_at,
        charge_date,
        billed_cost,
        billing_currency,
        -- a repository's line reaches the team a github_repo alias names, when its user reaches none
        coalesce(repository_name, organization_name) as sub_account_id,
        case when repository_name is not null then 'github_repo' else 'organization' end as sub_account_kind,
        quantity as consumed_quantity,
        unit_type as consumed_unit,
        model_name,
        lower(sku) as provider_token_type,
        case
            when product <> 'copilot' then cast(null as {{ dbt.type_string() }})
            when unit_type = 'requests' then 'request'
            else 'other'
        end as x_token_type,
        cast(null as {{ dbt.type_string() }}) as cache_ttl,
        case when username_normalized is not null then 'github_login' else 'organization' end as principal_kind,
        coalesce(username_normalized, organization_name, 'organization') as principal_id,
        'billed_line' as distribution,
        false as is_list_priceable,
        case when product = 'copilot' then 'AI and Machine Learning' else 'Developer Tools' end as service_category,
        cast(null as {{ dbt.type_string() }}) as charge_category,
        cast(null as {{ money_type() }}) as effective_cost,
        gross_amount as list_cost,
        cast(null as {{ dbt.type_string() }}) as tags,
        cast(null as {{ dbt.type_string() }}) as team_hint,
        product = 'copilot' as x_is_ai,
        false as x_cost_is_estimated,
        cast(null as {{ money_type() }}) as estimated_cost
    from current_items
)

select * from final
