{#- The primary-key test of a model keyed by several columns, named and called as dbt_utils' is (so the dbt
    project evaluator and other tools recognise it): one row per combination that occurs more than once (nulls
    compare equal). -#}
{% test unique_combination_of_columns(model, combination_of_columns) %}
select
    {{ combination_of_columns | join(', ') }},
    count(*) as row_count
from {{ model }}
group by {{ combination_of_columns | join(', ') }}
having count(*) > 1
{% endtest %}
