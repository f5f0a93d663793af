-- Every Anthropic billed line is distributed exactly: its parts sum to it to the last 1e-12. Returns lines that differ
-- (in an incremental build, of the days it rebuilt).
{{ config(tags = ['money']) }}
with

parts as (
    select source_cost_line_id, sum(billed_cost) as distributed_total, count(*) as part_count
    from {{ ref('int_cost__anthropic_distributed_to_keys') }}
    where {{ rows_written_by_this_build('int_cost__anthropic_distributed_to_keys') }}
    group by 1
)

select
    cost_lines.cost_line_id,
    cost_lines.billed_cost,
    parts.distributed_total
from {{ ref('stg_anthropic__cost_report') }} as cost_lines
left join parts
    on cost_lines.cost_line_id = parts.source_cost_line_id
where (parts.distributed_total is null or parts.distributed_total <> cost_lines.billed_cost)
    and {{ rows_written_by_this_build('int_cost__anthropic_distributed_to_keys', 'cost_lines.charge_date') }}
