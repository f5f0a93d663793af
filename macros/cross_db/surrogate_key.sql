{#- A stable string key: md5 over the columns cast to varchar, a null becoming a sentinel, joined with '|'. -#}
{% macro surrogate_key(cols) -%}
    {%- set parts = [] -%}
    {%- for col in cols -%}
        {%- if not loop.first -%}{%- do parts.append("'|'") -%}{%- endif -%}
        {%- do parts.append("coalesce(cast(" ~ col ~ " as " ~ dbt.type_string() ~ "), '_costper_null_')") -%}
    {%- endfor -%}
    {{ dbt.hash(dbt.concat(parts)) }}
{%- endmacro %}
