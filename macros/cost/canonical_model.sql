{#-
    Model names. model_release: the provider's model id, lower-case, without a route prefix (Bedrock
    'us.anthropic.', a gateway's 'anthropic/') or Bedrock's '-v1:0' after a date: the release as the provider
    names it (claude-sonnet-4-5-20250929). canonical_model: that release without what only dates it ('-20250929',
    '@20250929', '-2025-08-07', OpenAI's '-0613', '-latest', a Claude '-0' minor), Claude versions with a dot
    written with a hyphen, so one model has one name in every mart:
      claude-sonnet-4-5-20250929, us.anthropic.claude-sonnet-4-5-20250929-v1:0, claude-sonnet-4-5@20250929,
      anthropic/claude-sonnet-4.5  ->  claude-sonnet-4-5;   claude-opus-4-0, claude-opus-4-20250514 -> claude-opus-4
      gpt-5-mini-2025-08-07  ->  gpt-5-mini;  gpt-4-0613  ->  gpt-4;  gpt-4.1  ->  gpt-4.1 (OpenAI's dots are names)
    Releases the rules cannot tell apart (claude-3-5-sonnet-20241022 is claude-3-5-sonnet-v2) are in the
    model_canonical_overrides seed. Null stays null.
-#}
{% macro model_release(expr) -%}
    {{ return(adapter.dispatch('model_release', 'costper')(expr)) }}
{%- endmacro %}

{% macro default__model_release(expr) -%}
    {%- set routes = "'^((us|eu|apac|global)[.])?(anthropic|openai|google|meta|mistral|amazon|cohere|deepseek|x-ai)[./]'" -%}
    {{ regex_replace(regex_replace('lower(trim(' ~ expr ~ '))', routes, "''"), "'(-[0-9]{8})-v[0-9]+(:[0-9]+)?$'", "'\\1'") }}
{%- endmacro %}

{% macro canonical_model(expr) -%}
    {{ return(adapter.dispatch('canonical_model', 'costper')(expr)) }}
{%- endmacro %}

{% macro default__canonical_model(expr) -%}
    {%- set release = model_release(expr) -%}
    {%- set undated = regex_replace(release, "'(@[0-9]{8}|-[0-9]{8}|-[0-9]{4}-[0-9]{2}-[0-9]{2}|-latest)$'", "''") -%}
    case
        when {{ undated }} like 'claude%'
            then {{ regex_replace("replace(" ~ undated ~ ", '.', '-')", "'^(claude-[a-z]+-[0-9]+)-0$'", "'\\1'") }}
        when {{ undated }} like 'gpt-%' then {{ regex_replace(undated, "'-[0-9]{4}$'", "''") }}
        else {{ undated }}
    end
{%- endmacro %}
