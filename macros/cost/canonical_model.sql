{#-
    The canonical model id: the provider's model id without what only names a release or a route, so one model
    has one name in every mart. Lower-case; a route prefix (Bedrock 'us.anthropic.', a gateway's 'anthropic/')
    dropped; a release suffix ('-20250929', '@20250929', '-2025-08-07', Bedrock '-v1:0', '-latest') dropped;
    Claude versions written with a dot ('claude-sonnet-4.5') written with a hyphen, as Anthropic does:
      claude-sonnet-4-5-20250929, us.anthropic.claude-sonnet-4-5-20250929-v1:0, claude-sonnet-4-5@20250929,
      anthropic/claude-sonnet-4.5  ->  claude-sonnet-4-5
      gpt-5-mini-2025-08-07  ->  gpt-5-mini;   gpt-4.1  ->  gpt-4.1 (OpenAI's dots are part of the name)
    Null stays null.
-#}
{% macro canonical_model(expr) -%}
    {{ return(adapter.dispatch('canonical_model', 'costper')(expr)) }}
{%- endmacro %}

{% macro default__canonical_model(expr) -%}
    {%- set routes = "'^((us|eu|apac|global)[.])?(anthropic|openai|google|meta|mistral|amazon|cohere|deepseek|x-ai)[./]'" -%}
    {%- set unrouted = regex_replace('lower(trim(' ~ expr ~ '))', routes, "''") -%}
    {%- set unversioned = regex_replace(unrouted, "'-v[0-9]+(:[0-9]+)?$'", "''") -%}
    {%- set undated = regex_replace(unversioned, "'(@[0-9]{8}|-[0-9]{8}|-[0-9]{4}-[0-9]{2}-[0-9]{2}|-latest)$'", "''") -%}
    case when {{ undated }} like 'claude%' then replace({{ undated }}, '.', '-') else {{ undated }} end
{%- endmacro %}
