{#-
    The median of a money column, as an aggregate (use it with group by), exact and the same on every engine: the
    middle value, or for an even count the midpoint of the two middle values, rounded half away from zero to the
    money type's 12 decimals. Neither engine's own median does that: DuckDB's median on a DECIMAL floors the
    midpoint, and Spark's percentile / median return a DOUBLE. So each version finds the two middle values (the same
    one for an odd count) and halves their sum by multiplying by 0.5, which stays DECIMAL. Nulls are left out.
-#}
{% macro money_median(expr) -%}
    {{ return(adapter.dispatch('money_median', 'costper')(expr)) }}
{%- endmacro %}

{% macro default__money_median(expr) -%}
    {{ exceptions.raise_compiler_error(
        "costper.money_median has no implementation for the " ~ target.type ~ " adapter: add " ~ target.type
        ~ "__money_median (macros/cross_db/median.sql shows the duckdb__ and spark__ ones)") }}
{%- endmacro %}

{#- quantile_disc(x, 0.5) is the value at 0-based rank floor((n - 1) / 2): the lower middle value. The upper one
    is the lower middle value of -x, negated. -#}
{% macro duckdb__money_median(expr) -%}
    cast((quantile_disc({{ expr }}, 0.5) - quantile_disc(-({{ expr }}), 0.5)) * 0.5 as {{ money_type() }})
{%- endmacro %}

{#- The sorted values; element_at is 1-based: the lower middle value is at (n + 1) div 2, the upper at n div 2 + 1. -#}
{% macro spark__money_median(expr) -%}
    cast((
        element_at(sort_array(collect_list({{ expr }})), cast((size(collect_list({{ expr }})) + 1) div 2 as int))
        + element_at(sort_array(collect_list({{ expr }})), cast(size(collect_list({{ expr }})) div 2 + 1 as int))
    ) * 0.5 as {{ money_type() }})
{%- endmacro %}
