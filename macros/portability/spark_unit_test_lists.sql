{#-
    Unit-test fixtures give a list as DuckDB reads one from text ("[a, b]", "['jira:PAY-9']", "[]"). dbt-spark's
    safe_cast pastes such a value into the SQL as it is, so on Spark it would have to be Spark SQL (array('a', 'b'))
    and the same fixture could not serve both engines. This override reads the DuckDB spelling, strings only (the
    fixtures' lists are lists of strings), and leaves every other value to dbt-spark's own behaviour.
-#}
{% macro spark__safe_cast(field, type) -%}
    {%- set is_list_text = type.lower().startswith('array') and field is string
        and field.startswith("'[") and field.endswith("]'") -%}
    {%- if is_list_text -%}
        {%- set inner = field[2:-2].strip() -%}
        {%- set items = [] -%}
        {%- for item in (inner.split(',') if inner else []) -%}
            {#- a quoted element arrives with its quotes escaped for Spark (\'): take the bare text -#}
            {%- do items.append("'" ~ item.strip().replace("\\'", "'").strip("'") ~ "'") -%}
        {%- endfor -%}
        cast(array({{ items | join(', ') }}) as {{ type }})
    {%- else -%}
        {%- set field_clean = field.strip('"').strip("'") if (cast_from_string_unsupported_for(type) and field is string) else field -%}
        cast({{ field_clean }} as {{ type }})
    {%- endif -%}
{%- endmacro %}
