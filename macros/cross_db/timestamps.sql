{#- The UTC calendar date of a TIMESTAMPTZ, whatever the session time zone. -#}
{% macro utc_date(expr) -%}
    {{ return(adapter.dispatch('utc_date', 'costper')(expr)) }}
{%- endmacro %}
{#- Engines whose timestamp with time zone casts to its UTC date in a UTC session (the profiles pin one). -#}
{% macro default__utc_date(expr) -%}
    cast({{ expr }} as date)
{%- endmacro %}
{% macro duckdb__utc_date(expr) -%}
    cast(timezone('UTC', {{ expr }}) as date)
{%- endmacro %}
{#- Spark's timestamp is an instant, shown in spark.sql.session.timeZone: UTC in the spark profile. -#}
{% macro spark__utc_date(expr) -%}
    to_date({{ expr }})
{%- endmacro %}

{#- A DATE as a TIMESTAMPTZ at 00:00 UTC. -#}
{% macro date_to_utc_timestamp(expr) -%}
    {{ return(adapter.dispatch('date_to_utc_timestamp', 'costper')(expr)) }}
{%- endmacro %}
{% macro default__date_to_utc_timestamp(expr) -%}
    cast({{ expr }} as {{ dbt.type_timestamp() }})
{%- endmacro %}
{% macro duckdb__date_to_utc_timestamp(expr) -%}
    timezone('UTC', cast({{ expr }} as timestamp))
{%- endmacro %}
{% macro spark__date_to_utc_timestamp(expr) -%}
    to_timestamp({{ expr }})
{%- endmacro %}

{#- True when date d falls in [valid_from, valid_to), valid_to null meaning open. -#}
{% macro valid_on(d, valid_from, valid_to) -%}
    ({{ valid_from }} <= {{ d }} and ({{ valid_to }} is null or {{ d }} < {{ valid_to }}))
{%- endmacro %}
