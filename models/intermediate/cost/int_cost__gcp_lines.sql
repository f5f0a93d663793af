{#-
    GCP cost lines in the cost-line contract: each export row's cost as billed, and each of its credits as its own
    line (ChargeCategory Credit, negative), so the lines net to cost + credits exactly. Vertex AI / Gemini services
    are AI (x_is_ai) with the SKU's model and token class; everything else is kept with x_is_ai false. The principal
    is the project; the sub-account the billing account; a label (or project label) `team` is the team hint.
-#}
{{ window_replace_config('cost', 'charge_date') }}

{%- set slot_count = 6 -%}

with

export_rows as (
    select * from {{ ref('stg_gcp__billing_export') }}
    where {{ in_incremental_window('charge_date', 'cost') }}
),

charge_lines as (
    select
        export_row_id,
        0 as line_number,
        billed_cost,
        sku_description as charge_description,
        case cost_type
            when 'tax' then 'Tax'
            when 'adjustment' then 'Adjustment'
            when 'rounding error' then 'Adjustment'
            else 'Usage'
        end as charge_category,
        consumed_quantity
    from export_rows
),

credit_slots as (
    {%- for n in range(1, slot_count + 1) %}
        select {{ n }} as line_number{% if not loop.last %}
            union all{% endif %}
    {%- endfor %}
),

credit_lines as (
    select
        export_rows.export_row_id,
        credit_slots.line_number,
        case credit_slots.line_number
            {%- for n in range(1, slot_count + 1) %}
                when {{ n }} then export_rows.credit_{{ n }}_amount
            {%- endfor %}
        end as billed_cost,
        case credit_slots.line_number
            {%- for n in range(1, slot_count + 1) %}
                when {{ n }} then coalesce(export_rows.credit_{{ n }}_name, export_rows.credit_{{ n }}_type)
            {%- endfor %}
        end as charge_description
    from export_rows
    cross join credit_slots
),

lines as (
    select
        export_row_id,
        line_number,
        billed_cost,
        charge_description,
        charge_category,
        consumed_quantity
    from charge_lines
    union all
    select
        export_row_id,
        line_number,
        billed_cost,
        coalesce(charge_description, 'Credit') as charge_description,
        'Credit' as charge_category,
        cast(null as {{ money_type() }}) as consumed_quantity
    from credit_lines
    where billed_cost is not null
),

final as (
    select
        {{ surrogate_key(['lines.export_row_id', 'lines.line_number']) }} as cost_line_id,
        {{ surrogate_key(['lines.export_row_id', 'lines.line_number']) }} as source_cost_line_id,
        'gcp_billing_export' as x_source,
        'google' as provider,
        'Google Cloud' as provider_name,
        export_rows.service_description as service_name,
        lines.charge_description,
        export_rows.charge_period_start_at,
        export_rows.charge_period_end_at,
        export_rows.charge_date,
        lines.billed_cost,
        export_rows.billing_currency,
        export_rows.billing_account_id as sub_account_id,
        'cloud_account' as sub_account_kind,
        lines.consumed_quantity,
        export_rows.consumed_unit,
        export_rows.model_name,
        export_rows.provider_token_type,
        case
            when not export_rows.is_ai then null
            when export_rows.provider_token_type = 'cached input' then 'cache_read'
            when export_rows.provider_token_type in ('input', 'output') then export_rows.provider_token_type
            else 'other'
        end as x_token_type,
        cast(null as {{ dbt.type_string() }}) as cache_ttl,
        case when export_rows.project_id is not null then 'project' else 'cloud_account' end as principal_kind,
        coalesce(export_rows.project_id, export_rows.billing_account_id) as principal_id,
        'billed_line' as distribution,
        coalesce(
            lines.line_number = 0 and export_rows.model_name is not null
            and export_rows.provider_token_type in ('input', 'output', 'cached input')
            and not export_rows.is_batch and not export_rows.is_non_standard_tier,
            false
        ) as is_list_priceable,
        case when export_rows.is_ai then 'AI and Machine Learning' else 'Other' end as service_category,
        lines.charge_category,
        cast(null as {{ money_type() }}) as effective_cost,
        cast(null as {{ money_type() }}) as list_cost,
        export_rows.tags,
        export_rows.team_hint,
        export_rows.is_ai as x_is_ai,
        false as x_cost_is_estimated,
        cast(null as {{ money_type() }}) as estimated_cost
    from lines
    inner join export_rows
        on lines.export_row_id = export_rows.export_row_id
)

select * from final
