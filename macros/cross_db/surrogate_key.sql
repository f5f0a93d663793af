{#- A stable string key: md5 over the columns cast to varchar, a null becoming a sentinel, joined with '|'. -#}
{% macro surrogate_key(cols) -%}
    {%- set parts = [] -%}
    {%- for col in cols -%}
        {%- if not loop.first -%}{%- do parts.append("'|'") -%}{%- endif -%}
        {%- do parts.append("coalesce(" ~ key_text(col) ~ ", '_costper_null_')") -%}
    {%- endfor -%}
    {{ dbt.hash(dbt.concat(parts)) }}
{%- endmacro %}

{#- A column as the text a key hashes: what DuckDB's cast to varchar gives, so a key is the same on every engine. -#}
{% macro key_text(col) -%}
    {{ return(adapter.dispatch('key_text', 'costper')(col)) }}
{%- endmacro %}
{% macro default__key_text(col) -%}
    cast({{ col }} as {{ dbt.type_string() }})
{%- endmacro %}
{#- Spark writes a timestamp without its offset; DuckDB's timestamptz text ends in '+00' (both sessions are UTC). -#}
{% macro spark__key_text(col) -%}
    case when typeof({{ col }}) = 'timestamp' then concat(cast({{ col }} as string), '+00') else cast({{ col }} as string) end
{%- endmacro %}
