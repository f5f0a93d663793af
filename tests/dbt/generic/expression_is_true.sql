{#- Fails with every row where `expression` is not true (false or null). With column_name, the expression follows it. -#}
{% test expression_is_true(model, expression, column_name=none) %}
select *
from {{ model }}
where not coalesce(({% if column_name %}{{ column_name }} {% endif %}{{ expression }}), false)
{% endtest %}
