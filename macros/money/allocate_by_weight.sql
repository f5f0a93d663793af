{#-
    This row's share of `amount` (the same value on every row of the partition), split by `weight`.
    One SQL expression (window functions), DECIMAL(38,12). Cumulative rounding in integer 1e-12 units:
      T = amount in 1e-12 units, w_i = weight in 1e-6 units, C_i = running sum of w ordered by order_by,
      W = total weight units, f(C) = round_half_away(T * C / W), share_i = f(C_i) - f(C_i - w_i).
    The shares of a partition add up to `amount` exactly. W = 0 (or a null weight) gives null.
    order_by must make the order unique within the partition. HUGEINT overflow is an error, never silent (on Spark,
    where dbt-spark turns ANSI mode off, a null: the conservation tests then fail). Portable through the dispatched
    type_hugeint, int_div and int_sign; on Spark exact only with spark.sql.decimalOperations.allowPrecisionLoss
    false (the spark profile), else a sum of two decimal(38,12) is rounded to 11 decimals.
-#}
{% macro allocate_by_weight(amount, weight, partition_by, order_by) -%}
    {{ return(adapter.dispatch('allocate_by_weight', 'costper')(amount, weight, partition_by, order_by)) }}
{%- endmacro %}

{% macro default__allocate_by_weight(amount, weight, partition_by, order_by) -%}
    {%- set partition_by = [partition_by] if partition_by is string else (partition_by or []) -%}
    {%- set order_by = [order_by] if order_by is string else order_by -%}
    {%- set hi = type_hugeint() -%}
    {%- set part = ('partition by ' ~ (partition_by | join(', '))) if partition_by | length > 0 else '' -%}
    {%- set w = 'cast(round((' ~ weight ~ ') * 1000000) as ' ~ hi ~ ')' -%}
    {%- set big_w = 'sum(' ~ w ~ ') over (' ~ part ~ ')' -%}
    {%- set cum = 'sum(' ~ w ~ ') over (' ~ part ~ ' order by ' ~ (order_by | join(', '))
                  ~ ' rows between unbounded preceding and current row)' -%}
    {%- set t = 'cast(cast(' ~ amount ~ ' as ' ~ money_type() ~ ') * 1000000000000 as ' ~ hi ~ ')' -%}
    {%- set two_w = '(2 * nullif(' ~ big_w ~ ', 0))' -%}
    {%- set f_cum = int_sign(t) ~ ' * ' ~ int_div('abs(' ~ t ~ ') * (' ~ cum ~ ') * 2 + ' ~ big_w, two_w) -%}
    {%- set f_prev = int_sign(t) ~ ' * ' ~ int_div('abs(' ~ t ~ ') * (' ~ cum ~ ' - ' ~ w ~ ') * 2 + ' ~ big_w, two_w) -%}
    cast(cast(({{ f_cum }}) - ({{ f_prev }}) as decimal(38,0)) * cast('0.000000000001' as decimal(13,12)) as {{ money_type() }})
{%- endmacro %}
