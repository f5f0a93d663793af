{#-
    GitHub premium request report items as cost lines (the cost-line contract), in dollars: billed netAmount,
    list cost grossAmount, effective cost netAmount (the included allowance is the discount between the two). A
    per-user report's line reaches the user's GitHub login; the organisation's report holds every user's lines,
    so its line keeps only what the per-user reports loaded for the same entity, SKU, model and period do not
    (exactly: net minus their sum), and that remainder stays with the organisation (team_period or unattributed).
    The billed total is therefore the organisation's report wherever it is loaded, however many per-user reports
    are loaded beside it.

    Reports of one period at two grains, or filtered and not, are all current (a report restates only reports of
    its own grain, user and filters) and would count the same requests twice, so before that:
    - a day (or month) line is dropped where a coarser report's line of the same billing entity, user, product,
      SKU and model covers its period: the month (or year) report is the period's bill as GitHub states it, so an
      organisation's October and its October 1 bill October, in either load order;
    - a filtered report's line (?product=, ?model=) is dropped where an unfiltered report of the same billing
      entity and user covering its period (at any grain) is loaded: the unfiltered report holds it already. A
      filtered report alone still bills; two filtered reports holding one line (?product=copilot and
      ?model=gpt-5) bill it once.
-#}

with

reported as (
    select
        *,
        case period_grain when 'day' then 1 when 'month' then 2 else 3 end as grain_rank,
        report_product is not null or report_model is not null as is_filtered,
        -- whose report it is: the entity and, asked ?user=, the user (both rules below match on it)
        {{ dbt.concat(["coalesce(billing_entity, '')", "'|'", "coalesce(username_normalized, '')"]) }} as report_owner
    from {{ ref('stg_github__copilot_premium_requests') }}
),

-- a finer line a coarser report's same line covers: the coarser report bills the period
covered_by_coarser as (
    select distinct finer.premium_request_line_id
    from reported as finer
    inner join reported as coarser
        on finer.report_owner = coarser.report_owner
        and finer.product = coarser.product
        and finer.sku_key = coarser.sku_key
        and coalesce(finer.model_name, '') = coalesce(coarser.model_name, '')
        and finer.grain_rank < coarser.grain_rank
        and finer.charge_period_start_at >= coarser.charge_period_start_at
        and finer.charge_period_end_at <= coarser.charge_period_end_at
),

-- a filtered report's line where an unfiltered report of the same entity and user covers its period
covered_by_unfiltered as (
    select distinct filtered.premium_request_line_id
    from reported as filtered
    inner join reported as unfiltered
        on filtered.report_owner = unfiltered.report_owner
        and filtered.charge_period_start_at >= unfiltered.charge_period_start_at
        and filtered.charge_period_end_at <= unfiltered.charge_period_end_at
    where filtered.is_filtered and not unfiltered.is_filtered
),

uncovered as (
    select
        *,
        -- one line in two filtered reports of the period (?product= and ?model=): the less filtered one's
        row_number() over (
            partition by
                billing_entity, username_normalized, period_grain, charge_period_start_at, product, sku_key,
                model_name, unit_type
            order by
                case when report_product is null then 0 else 1 end + case when report_model is null then 0 else 1 end,
                _file_sha256,
                _row_number
        ) as report_rank
    from reported
    where
        premium_request_line_id not in (
            select covered_by_coarser.premium_request_line_id from covered_by_coarser
        )
        and premium_request_line_id not in (
            select covered_by_unfiltered.premium_request_line_id from covered_by_unfiltered
        )
),

lines as (
    select * from uncovered
    where report_rank = 1
),

user_lines as (
    select * from lines
    where username_normalized is not null
),

-- the users' lines summed at each grain an organisation line can have: its own day, month or year
user_totals as (
    {%- for grain in ['day', 'month', 'year'] %}
        {%- if not loop.first %}
            union all
        {%- endif %}
        select
            billing_entity,
            sku_key,
            coalesce(model_name, '') as model_key,
            '{{ grain }}' as period_grain,
            {{ dbt.date_trunc(grain, 'charge_period_start_at') }} as period_start_at,
            sum(billed_cost) as billed_cost,
            sum(list_cost) as list_cost,
            sum(gross_quantity) as gross_quantity
        from user_lines
        where period_grain in ({{ ["'day'", "'month'", "'year'"][:loop.index] | join(', ') }})
        group by 1, 2, 3, 4, 5
    {%- endfor %}
),

organization_rest as (
    select
        lines.premium_request_line_id,
        lines.billed_cost - coalesce(user_totals.billed_cost, 0) as billed_cost,
        lines.list_cost - coalesce(user_totals.list_cost, 0) as list_cost,
        lines.gross_quantity - coalesce(user_totals.gross_quantity, 0) as gross_quantity
    from lines
    left join user_totals
        on lines.billing_entity = user_totals.billing_entity
        and lines.sku_key = user_totals.sku_key
        and coalesce(lines.model_name, '') = user_totals.model_key
        and lines.period_grain = user_totals.period_grain
        and lines.charge_period_start_at = user_totals.period_start_at
    where lines.username_normalized is null
),

billed_lines as (
    select
        premium_request_line_id,
        billed_cost,
        list_cost,
        gross_quantity
    from user_lines
    union all
    select * from organization_rest
    -- an organisation line the users' lines account for entirely bills nothing more
    where billed_cost <> 0 or list_cost <> 0
),

final as (
    select
        lines.premium_request_line_id as cost_line_id,
        lines.premium_request_line_id as source_cost_line_id,
        'github_copilot_premium_requests' as x_source,
        'github' as provider,
        'GitHub' as provider_name,
        'GitHub Copilot' as service_name,
        {{ dbt.concat(['lines.sku', "coalesce(' | ' || lines.model_name, '')"]) }} as charge_description,
        lines.charge_period_start_at,
        lines.charge_period_end_at,
        lines.charge_date,
        billed_lines.billed_cost,
        lines.billing_currency,
        coalesce(lines.billing_entity, 'organization') as sub_account_id,
        'organization' as sub_account_kind,
        billed_lines.gross_quantity as consumed_quantity,
        lines.unit_type as consumed_unit,
        lines.model_name,
        lower(lines.sku) as provider_token_type,
        case when lines.unit_type = 'requests' then 'request' else 'other' end as x_token_type,
        cast(null as {{ dbt.type_string() }}) as cache_ttl,
        case when lines.username_normalized is not null then 'github_login' else 'organization' end
            as principal_kind,
        coalesce(lines.username_normalized, lines.billing_entity, 'organization') as principal_id,
        'billed_line' as distribution,
        false as is_list_priceable,
        'AI and Machine Learning' as service_category,
        cast(null as {{ dbt.type_string() }}) as charge_category,
        billed_lines.billed_cost as effective_cost,
        billed_lines.list_cost,
        cast(null as {{ dbt.type_string() }}) as tags,
        cast(null as {{ dbt.type_string() }}) as team_hint,
        true as x_is_ai,
        false as x_cost_is_estimated,
        cast(null as {{ money_type() }}) as estimated_cost
    from billed_lines
    inner join lines on billed_lines.premium_request_line_id = lines.premium_request_line_id
)

select * from final
