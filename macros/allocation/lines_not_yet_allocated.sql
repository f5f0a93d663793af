{#-
    The cost lines of CTE `lines` that none of the earlier allocation methods took: the "each method takes only
    what the previous left" rule of DESIGN.md, said once. earlier_methods name int_allocation__<name> models holding the cost_line_id they took
    (team_period_lines for team_period, whose ledger rows are buckets).
-#}
{% macro lines_not_yet_allocated(lines, earlier_methods) -%}
    select {{ lines }}.*
    from {{ lines }}
    left join (
        {%- for method in earlier_methods %}
            select cost_line_id from {{ ref('int_allocation__' ~ method) }}
            {%- if not loop.last %} union{% endif %}
        {%- endfor %}
    ) as allocated_lines
        on {{ lines }}.cost_line_id = allocated_lines.cost_line_id
    where allocated_lines.cost_line_id is null
{%- endmacro %}
