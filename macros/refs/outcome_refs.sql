{#-
    Outcome reference candidates found in free text (principal names, branches, titles); see
    shared/reference/outcome-formats.md section 7. RE2 has no look-behind, so a candidate must start the text or
    follow a character that is not a letter or digit; the number is taken greedily so nothing is consumed after it.
    Returns a list of strings.
-#}

{#- Jira-style keys, upper-case, e.g. ['PAY-312']: a letter, 1-9 more letters/digits, '-', a number without a
    leading 0, not glued to a letter or digit before it. Keep only known project prefixes downstream. -#}
{% macro jira_key_candidates(expr) -%}
    {{ regex_extract_all('upper(' ~ expr ~ ')', "'(?:^|[^A-Z0-9])([A-Z][A-Z0-9]{1,9}-[1-9][0-9]*)'", 1) }}
{%- endmacro %}

{#- GitHub 'owner/repo#123' references, canonical and lower-case: ['github:owner/repo#123']. -#}
{% macro github_ref_candidates(expr) -%}
    {{ return(adapter.dispatch('github_ref_candidates', 'costper')(expr)) }}
{%- endmacro %}
{% macro _github_ref_pattern() -%}
    '(?:^|[^a-z0-9/._-])([a-z0-9-]{1,39}/[a-z0-9._-]{1,100}#[0-9]+)'
{%- endmacro %}
{#- transform with an arrow lambda: Spark and Trino -#}
{% macro default__github_ref_candidates(expr) -%}
    transform(
        {{ regex_extract_all('lower(' ~ expr ~ ')', _github_ref_pattern(), 1) }},
        r -> 'github:' || r)
{%- endmacro %}
{% macro duckdb__github_ref_candidates(expr) -%}
    list_transform(
        {{ regex_extract_all('lower(' ~ expr ~ ')', _github_ref_pattern(), 1) }},
        lambda r: 'github:' || r)
{%- endmacro %}

{#- A GitHub login without the gh CLI 'app/' prefix and '[bot]' suffix, lower-case. -#}
{% macro normalize_github_login(expr) -%}
    lower({{ regex_replace(regex_replace(expr, "'^app/'", "''"), "'\\[bot\\]$'", "''") }})
{%- endmacro %}

{#- GitHub pull request URLs in free text, canonical and lower-case: web URLs (https://github.com/Acme/Billing/pull/4821,
    also .../pull/4821/files) and REST API URLs (https://api.github.com/repos/acme/billing/pulls/4821) both give
    ['github:acme/billing#4821'] (shared/reference/outcome-formats.md section 7). -#}
{% macro pr_url_ref_candidates(expr) -%}
    {{ return(adapter.dispatch('pr_url_ref_candidates', 'costper')(expr)) }}
{%- endmacro %}
{% macro _pr_web_url_pattern() -%}
    'https?://[a-z0-9.-]+/([a-z0-9-]{1,39}/[a-z0-9._-]{1,100}/pull/[0-9]+)'
{%- endmacro %}
{% macro _pr_api_url_pattern() -%}
    'https?://[a-z0-9.-]+/(?:api/v3/)?repos/([a-z0-9-]{1,39}/[a-z0-9._-]{1,100}/pulls/[0-9]+)'
{%- endmacro %}
{% macro default__pr_url_ref_candidates(expr) -%}
    {{ list_concat(
        "transform(" ~ regex_extract_all('lower(' ~ expr ~ ')', _pr_web_url_pattern(), 1)
            ~ ", r -> 'github:' || replace(r, '/pull/', '#'))",
        "transform(" ~ regex_extract_all('lower(' ~ expr ~ ')', _pr_api_url_pattern(), 1)
            ~ ", r -> 'github:' || replace(r, '/pulls/', '#'))") }}
{%- endmacro %}
{% macro duckdb__pr_url_ref_candidates(expr) -%}
    {{ list_concat(
        "list_transform(" ~ regex_extract_all('lower(' ~ expr ~ ')', _pr_web_url_pattern(), 1)
            ~ ", lambda r: 'github:' || replace(r, '/pull/', '#'))",
        "list_transform(" ~ regex_extract_all('lower(' ~ expr ~ ')', _pr_api_url_pattern(), 1)
            ~ ", lambda r: 'github:' || replace(r, '/pulls/', '#'))") }}
{%- endmacro %}

{#- Zendesk ticket URLs (https://acme.zendesk.com/agent/tickets/88231, or the API's .../api/v2/tickets/88231.json),
    canonical: ['zendesk:acme/88231']. -#}
{% macro zendesk_ref_candidates(expr) -%}
    {{ return(adapter.dispatch('zendesk_ref_candidates', 'costper')(expr)) }}
{%- endmacro %}
{% macro _zendesk_url_refs(expr) -%}
    {{ regex_extract_all('lower(' ~ expr ~ ')', "'([a-z0-9-]+\\.zendesk\\.com/(?:agent|api/v2)/tickets/[0-9]+)'", 1) }}
{%- endmacro %}
{% macro _zendesk_ref_of(r) -%}
    'zendesk:' || {{ dbt.split_part(r, "'.'", 1) }} || '/' || {{ regex_extract(r, "'([0-9]+)$'", 1) }}
{%- endmacro %}
{% macro default__zendesk_ref_candidates(expr) -%}
    transform({{ _zendesk_url_refs(expr) }}, r -> {{ _zendesk_ref_of('r') }})
{%- endmacro %}
{% macro duckdb__zendesk_ref_candidates(expr) -%}
    list_transform({{ _zendesk_url_refs(expr) }}, lambda r: {{ _zendesk_ref_of('r') }})
{%- endmacro %}
