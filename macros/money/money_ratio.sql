{#-
    num / den exactly, as DECIMAL(38, decimals) rounded half away from zero, via scaled HUGEINT integer division
    (DuckDB has no exact DECIMAL division, and `/` gives a DOUBLE). num and den are read at `decimals` places;
    den = 0 gives null; |num| * 10^(2 * decimals) must stay below about 1.7e38, else an overflow error (never a
    silent wrong value). For display only: never sum a ratio again.
    money_ratio: money at the money type's 12 decimals (|num| below about 8.5e13).
-#}
{% macro exact_ratio(num, den, decimals) -%}
    {{ return(adapter.dispatch('exact_ratio', 'costper')(num, den, decimals)) }}
{%- endmacro %}

{% macro default__exact_ratio(num, den, decimals) -%}
    {%- set hi = type_hugeint() -%}
    {%- set scaled = 'decimal(38,' ~ decimals ~ ')' -%}
    {%- set unit = '1' ~ ('0' * decimals) -%}
    {%- set n = 'cast(cast(' ~ num ~ ' as ' ~ scaled ~ ') * ' ~ unit ~ ' as ' ~ hi ~ ')' -%}
    {%- set d = 'cast(cast(' ~ den ~ ' as ' ~ scaled ~ ') * ' ~ unit ~ ' as ' ~ hi ~ ')' -%}
    cast(cast(
        {{ int_sign(n) }} * {{ int_sign(d) }}
        * {{ int_div('abs(' ~ n ~ ') * ' ~ unit ~ ' * 2 + abs(' ~ d ~ ')', '2 * nullif(abs(' ~ d ~ '), 0)') }}
    as decimal(38,0)) * cast('{{ "0." ~ ("0" * (decimals - 1)) ~ "1" if decimals > 0 else "1" }}' as {{ scaled }})
    as {{ scaled }})
{%- endmacro %}

{% macro money_ratio(num, den) -%}
    {{ exact_ratio(num, den, 12) }}
{%- endmacro %}
