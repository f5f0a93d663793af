{#-
    The three select-list columns direct_share, person_in_flight_share and team_period_share: each method's part of
    the attributed cost (direct + person_in_flight + team_period), as DECIMAL(38,12). Cumulative rounding over the
    methods in that order (DESIGN.md): each share is the exact ratio of the running sum minus the previous one, so
    the three add up to exactly 1 whenever the attributed cost is not 0 (null when it is). A method can carry a
    credit, so a share can fall outside [0, 1]; the sum is still 1.
-#}
{% macro method_shares(direct_cost, person_in_flight_cost, team_period_cost) -%}
    {%- set total = '(' ~ direct_cost ~ ' + ' ~ person_in_flight_cost ~ ' + ' ~ team_period_cost ~ ')' -%}
    {%- set up_to_direct = exact_ratio(direct_cost, total, 12) -%}
    {%- set up_to_in_flight = exact_ratio('(' ~ direct_cost ~ ' + ' ~ person_in_flight_cost ~ ')', total, 12) -%}
    {{ up_to_direct }} as direct_share,
    cast({{ up_to_in_flight }} - {{ up_to_direct }} as decimal(38, 12)) as person_in_flight_share,
    cast(1 - {{ up_to_in_flight }} as decimal(38, 12)) as team_period_share
{%- endmacro %}
