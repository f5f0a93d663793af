{#-
    One row per usage row (of `relation`, keyed by `key`) and token class, for a source that prices a whole usage row
    at once (a gateway request, a Claude Code model-day, an OpenRouter activity row) but counts its tokens by class:
    `classes` is a list of [x_token_type, provider_token_type, quantity expression]; each class is weighted by its
    price relative to input (token_class_price_weights: list-price ratios of the common models). A row
    whose classes are all zero or null gives one 'request' piece of `request_quantity` instead, so no money is lost.
    Columns: the key, x_token_type, provider_token_type, quantity, price_weight and piece_order (unique per row, the
    order allocate_by_weight splits the row's money in). Pieces with no quantity are left out.
-#}
{#- one place for the ratios every source that splits a whole-row price uses: output 5, cache read 0.1, cache write
    1.25 times input -#}
{% macro token_class_price_weights() -%}
    {{ return({'input': '1.0', 'output': '5.0', 'cache_read': '0.1', 'cache_write': '1.25'}) }}
{%- endmacro %}

{% macro token_class_pieces(relation, key, classes, request_quantity='1') -%}
    {%- set weights = token_class_price_weights() -%}
    {%- set no_tokens = [] -%}
    {%- for piece in classes %}{% do no_tokens.append('coalesce(' ~ piece[2] ~ ', 0)') %}{% endfor -%}
    select * from (
        {%- for piece in classes %}
        select
            {{ key }},
            '{{ piece[0] }}' as x_token_type,
            '{{ piece[1] }}' as provider_token_type,
            {{ piece[2] }} as quantity,
            {{ weights[piece[0]] }} as price_weight,
            {{ loop.index }} as piece_order
        from {{ relation }}
        union all
        {%- endfor %}
        select
            {{ key }},
            'request' as x_token_type,
            'request' as provider_token_type,
            {{ request_quantity }} as quantity,
            1.0 as price_weight,
            {{ classes | length + 1 }} as piece_order
        from {{ relation }}
        where {{ no_tokens | join(' + ') }} = 0
    ) as pieces
    where quantity > 0
{%- endmacro %}
