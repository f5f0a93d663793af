{#-
    FOCUS ChargeCategory of a provider cost line: negative billed money is a Credit when the provider's text says
    so (credit, refund, promotion, grant), else an Adjustment (a correction of earlier usage); everything else these
    sources bill is Usage.
-#}
{% macro charge_category(billed_cost, description) -%}
    case
        when {{ billed_cost }} < 0 and {{ regex_matches('lower(coalesce(' ~ description ~ ", ''))", "'credit|refund|promo|grant|voucher'") }}
            then 'Credit'
        when {{ billed_cost }} < 0 then 'Adjustment'
        else 'Usage'
    end
{%- endmacro %}
