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
