{#-
    Regular expressions. Callers write `pattern` and `replacement` as SQL string literals with RE2 syntax, as DuckDB
    reads them (backslashes taken as written, `\1` for a group in a replacement). default__ is the SQL most engines
    share (regexp_extract / regexp_extract_all / regexp_like / regexp_replace with `$1`, as Trino has them); Spark's
    string literals treat a backslash as an escape character, so its versions double every backslash first.
-#}

{#- Spark: the same literal with each backslash doubled, so Spark's parser hands the regex engine what DuckDB's does. -#}
{% macro _spark_literal(sql_literal) -%}
    {{- sql_literal | replace('\\', '\\\\') -}}
{%- endmacro %}

{#- A replacement's group references in Java's spelling: `\1` becomes `$1`. -#}
{% macro _dollar_groups(replacement) -%}
    {%- set text = namespace(value=replacement) -%}
    {%- for group in range(10) -%}
        {%- set text.value = text.value | replace('\\' ~ group, '$' ~ group) -%}
    {%- endfor -%}
    {{- text.value -}}
{%- endmacro %}

{#- The text of capture group `group` (0 = whole match) of the first match, or null when nothing matches. -#}
{% macro regex_extract(expr, pattern, group=0) -%}
    {{ return(adapter.dispatch('regex_extract', 'costper')(expr, pattern, group)) }}
{%- endmacro %}
{% macro default__regex_extract(expr, pattern, group=0) -%}
    nullif(regexp_extract({{ expr }}, {{ pattern }}, {{ group }}), '')
{%- endmacro %}
{% macro duckdb__regex_extract(expr, pattern, group=0) -%}
    nullif(regexp_extract({{ expr }}, {{ pattern }}, {{ group }}), '')
{%- endmacro %}
{% macro spark__regex_extract(expr, pattern, group=0) -%}
    nullif(regexp_extract({{ expr }}, {{ _spark_literal(pattern) }}, {{ group }}), '')
{%- endmacro %}

{#- Every match's group `group`, as a list of strings (empty list when none; null input gives null). -#}
{% macro regex_extract_all(expr, pattern, group=0) -%}
    {{ return(adapter.dispatch('regex_extract_all', 'costper')(expr, pattern, group)) }}
{%- endmacro %}
{% macro default__regex_extract_all(expr, pattern, group=0) -%}
    regexp_extract_all({{ expr }}, {{ pattern }}, {{ group }})
{%- endmacro %}
{% macro duckdb__regex_extract_all(expr, pattern, group=0) -%}
    regexp_extract_all({{ expr }}, {{ pattern }}, {{ group }})
{%- endmacro %}
{% macro spark__regex_extract_all(expr, pattern, group=0) -%}
    regexp_extract_all({{ expr }}, {{ _spark_literal(pattern) }}, {{ group }})
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
{% macro spark__regex_matches(expr, pattern) -%}
    regexp_like({{ expr }}, {{ _spark_literal(pattern) }})
{%- endmacro %}

{#- Replace every match (global). -#}
{% macro regex_replace(expr, pattern, replacement) -%}
    {{ return(adapter.dispatch('regex_replace', 'costper')(expr, pattern, replacement)) }}
{%- endmacro %}
{% macro default__regex_replace(expr, pattern, replacement) -%}
    regexp_replace({{ expr }}, {{ pattern }}, {{ _dollar_groups(replacement) }})
{%- endmacro %}
{% macro duckdb__regex_replace(expr, pattern, replacement) -%}
    regexp_replace({{ expr }}, {{ pattern }}, {{ replacement }}, 'g')
{%- endmacro %}
{% macro spark__regex_replace(expr, pattern, replacement) -%}
    regexp_replace({{ expr }}, {{ _spark_literal(pattern) }}, {{ _spark_literal(_dollar_groups(replacement)) }})
{%- endmacro %}
