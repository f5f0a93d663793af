{#-
    Cost lines that another source already counts, so that money loaded through two doors is counted once
    (README "Same money through two sources"). Three rules, each a list of [preferred, superseded] source pairs in
    dbt_project.yml; a source named in no pair is never superseded, so a company with one source of each kind
    loses nothing:
    - billed_source_precedence: a billed line of the superseded source is dropped on a day its provider has billed
      lines from the preferred source (the same bill through CUR and a FOCUS export, Cursor's Admin API and its
      dashboard CSV, Anthropic's cost report and a FinOps tool's FOCUS file);
    - seat_source_precedence: a seat-day of the superseded source is dropped where the preferred source has a seat
      of the same vendor for the same person that day (the seats CSV's own fee over the Copilot seats API's seed
      price);
    - estimate_source_precedence: an estimated line is dropped where the preferred estimate covers the same
      person, day and canonical model (LiteLLM's logs over Claude Code analytics of the same requests).
    One row per superseded line, with the source that wins. int_cost__lines_resolved leaves these lines out;
    `costper status` totals them, so nothing vanishes silently.
-#}

with

cost_lines as (
    select * from {{ ref('int_cost__unified') }}
),

principal_resolution as (
    select * from {{ ref('int_identity__principal_resolution') }}
),

precedence as (
    {%- set pairs = [] %}
    {%- for rule in ['billed', 'seat', 'estimate'] %}
        {%- for pair in var(rule ~ '_source_precedence') %}
            {%- do pairs.append([rule, pair[0], pair[1]]) %}
        {%- endfor %}
    {%- endfor %}
    {%- for rule, preferred, superseded in pairs %}
        {%- if not loop.first %}
            union all
        {%- endif %}
        select
            '{{ rule }}' as precedence_rule,
            '{{ preferred }}' as preferred_source,
            '{{ superseded }}' as superseded_source
    {%- endfor %}
),

resolved_lines as (
    select
        cost_lines.cost_line_id,
        cost_lines.x_source,
        cost_lines.x_provider as provider,
        cost_lines.x_charge_date,
        cost_lines.BilledCost,
        cost_lines.BillingCurrency,
        cost_lines.x_cost_is_estimated,
        cost_lines.x_estimated_cost,
        cost_lines.x_model_canonical,
        cost_lines.x_token_type,
        principals.person_id
    from cost_lines
    left join principal_resolution as principals
        on cost_lines.x_principal_kind = principals.principal_kind
        and cost_lines.x_principal_id = principals.principal_value
        and cost_lines.x_charge_date = principals.resolved_on
),

keyed as (
    {#- what two sources must share for one to stand for the other, per rule #}
    select
        *,
        'billed' as precedence_rule,
        {{ surrogate_key(['provider', 'x_charge_date']) }} as overlap_key
    from resolved_lines
    where not x_cost_is_estimated
    union all
    select
        *,
        'seat' as precedence_rule,
        {{ surrogate_key(['provider', 'person_id', 'x_charge_date']) }} as overlap_key
    from resolved_lines
    where x_token_type = 'seat' and person_id is not null
    union all
    select
        *,
        'estimate' as precedence_rule,
        {{ surrogate_key(['person_id', 'x_charge_date', 'x_model_canonical']) }} as overlap_key
    from resolved_lines
    where x_cost_is_estimated and person_id is not null and x_model_canonical is not null
),

preferred_keys as (
    select distinct
        precedence.precedence_rule,
        precedence.preferred_source,
        precedence.superseded_source,
        keyed.overlap_key
    from keyed
    inner join precedence
        on keyed.precedence_rule = precedence.precedence_rule
        and keyed.x_source = precedence.preferred_source
),

superseded as (
    select
        keyed.cost_line_id,
        keyed.x_source,
        preferred_keys.preferred_source as superseded_by,
        keyed.precedence_rule,
        keyed.provider,
        keyed.x_charge_date,
        keyed.person_id,
        keyed.BilledCost,
        keyed.BillingCurrency,
        keyed.x_estimated_cost,
        row_number() over (
            partition by keyed.cost_line_id order by preferred_keys.precedence_rule, preferred_keys.preferred_source
        ) as rule_rank
    from keyed
    inner join preferred_keys
        on keyed.precedence_rule = preferred_keys.precedence_rule
        and keyed.x_source = preferred_keys.superseded_source
        and keyed.overlap_key = preferred_keys.overlap_key
),

final as (
    select
        cost_line_id,
        x_source,
        superseded_by,
        precedence_rule,
        provider,
        x_charge_date,
        person_id,
        BilledCost,
        BillingCurrency,
        x_estimated_cost
    from superseded
    where rule_rank = 1
)

select * from final
