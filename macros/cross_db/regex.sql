{#- Regular expressions (RE2 syntax on DuckDB). Dispatched: engines name these functions differently. -#}

{#- The text of capture group `group` (0 = whole match) of the first match, or null when nothing matches. -#}
{% macro regex_extract(expr, pattern, group=0) -%}
    {{ return(adapter.dispatch('regex_extract', 'costper')(expr, pattern, group)) }}
{%- endmacro %}
{% macro default__regex_extract(expr, pattern, group=0) -%}
    nullif(regexp_extract({{ expr }}, {{ pattern }}, {{ group }}), '')
{%- endmacro %}

{#- Every match's group `group`, as a list of strings (empty list when none; null input gives null). -#}
{% macro regex_extract_all(expr, pattern, group=0) -%}
    {{ return(adapter.dispatch('regex_extract_all', 'costper')(expr, pattern, group)) }}
{%- endmacro %}
{% macro default__regex_extract_all(expr, pattern, group=0) -%}
    regexp_extract_all({{ expr }}, {{ pattern }}, {{ group }})
{%- endmacro %}

{#- True when the pattern matches anywhere in expr. -#}
{% macro regex_matches(expr, pattern) -%}
    {{ return(adapter.dispatch('regex_matches', 'costper')(expr, pattern)) }}
{%- endmacro %}
{% macro default__regex_matches(expr, pattern) -%}
    regexp_like({{ expr }}, {{ pattern }})
{%- endmacro %}
{% macro duckdb__regex_matches(expr, pattern) -%}
    regexp_matches({{ expr }}, {{ pattern }})
{%- endmacro %}

{#- Replace every match (global). -#}
{% macro regex_replace(expr, pattern, replacement) -%}
    {{ return(adapter.dispatch('regex_replace', 'costper')(expr, pattern, replacement)) }}
{%- endmacro %}
{% macro default__regex_replace(expr, pattern, replacement) -%}
    regexp_replace({{ expr }}, {{ pattern }}, {{ replacement }})
{%- endmacro %}
{% macro duckdb__regex_replace(expr, pattern, replacement) -%}
    regexp_replace({{ expr }}, {{ pattern }}, {{ replacement }}, 'g')
{%- endmacro %}
