{#-
    num / den exactly, as DECIMAL(38,12) rounded half away from zero, via scaled HUGEINT integer division
    (DuckDB has no exact DECIMAL division). den may be an integer or a decimal with up to 12 decimals;
    den = 0 gives null. |num| must stay below about 8.5e13, else an overflow error. For display only:
    never sum a ratio again.
-#}
{% macro money_ratio(num, den) -%}
    {{ return(adapter.dispatch('money_ratio', 'costper')(num, den)) }}
{%- endmacro %}

{% macro default__money_ratio(num, den) -%}
    {%- set hi = type_hugeint() -%}
    {%- set n = 'cast(cast(' ~ num ~ ' as ' ~ money_type() ~ ') * 1000000000000 as ' ~ hi ~ ')' -%}
    {%- set d = 'cast(cast(' ~ den ~ ' as ' ~ money_type() ~ ') * 1000000000000 as ' ~ hi ~ ')' -%}
    cast(cast(
        sign({{ n }}) * sign({{ d }})
        * {{ int_div('abs(' ~ n ~ ') * 1000000000000 * 2 + abs(' ~ d ~ ')', '2 * nullif(abs(' ~ d ~ '), 0)') }}
    as decimal(38,0)) * cast('0.000000000001' as decimal(13,12)) as {{ money_type() }})
{%- endmacro %}
