{#-
    One row per day from var time_spine_start to var time_spine_end (inclusive): MetricFlow's time spine, which
    metric_time joins to. Built with dbt's portable date_spine (a cross join of powers of two, then dateadd), not
    an engine's own range or sequence function, so it builds on every adapter the project runs on.
-#}
with

days as (
    {{ dbt.date_spine(
        'day',
        "cast('" ~ var('time_spine_start') ~ "' as date)",
        "cast('" ~ var('time_spine_end') ~ "' as date)",
    ) }}
),

final as (
    select cast(date_day as date) as date_day
    from days
)

select * from final
