{#-
    Integer division truncating toward zero, on integer operands (HUGEINT, or decimal(38,0) where there is no
    HUGEINT). The result is exact or, past the type's range, an error (DuckDB) or null (Spark): never a rounded
    value, because the money macros (allocate_by_weight, exact_ratio) rely on it being exact.
-#}
{% macro int_div(a, b) -%}
    {{ return(adapter.dispatch('int_div', 'costper')(a, b)) }}
{%- endmacro %}

{#- a - mod(a, b) is a multiple of b (mod keeps a's sign, as on every engine), so the division has no remainder to
    round, whatever scale the engine gives the quotient. -#}
{% macro default__int_div(a, b) -%}
    cast((({{ a }}) - mod({{ a }}, {{ b }})) / ({{ b }}) as {{ type_hugeint() }})
{%- endmacro %}

{% macro duckdb__int_div(a, b) -%}
    (({{ a }}) // ({{ b }}))
{%- endmacro %}

{#- Spark (allowPrecisionLoss false, as the spark profile sets) gives a quotient of two decimal(38,0) only 20 digits
    before the point; with the divisor read as decimal(20,0) it keeps 28. Divisors here are weights, counts and rates
    in 1e-6 to 1e-12 units, far below 1e20 (a larger one becomes null, and so does the quotient). -#}
{% macro spark__int_div(a, b) -%}
    cast((({{ a }}) - mod({{ a }}, {{ b }})) / cast({{ b }} as decimal(20,0)) as {{ type_hugeint() }})
{%- endmacro %}

{#- -1, 0 or 1 as an integer. DuckDB's sign() is an integer; Spark's and others' is a double, and a double times
    money is no longer exact. -#}
{% macro int_sign(expr) -%}
    {{ return(adapter.dispatch('int_sign', 'costper')(expr)) }}
{%- endmacro %}

{% macro default__int_sign(expr) -%}
    case when ({{ expr }}) > 0 then 1 when ({{ expr }}) < 0 then -1 else 0 end
{%- endmacro %}

{% macro duckdb__int_sign(expr) -%}
    sign({{ expr }})
{%- endmacro %}
