{#-
    One row per AI cost line after billed-to-usage distribution, resolved to person and team on the charge date
    (int_identity__principal_resolution): the principal's person and team; when the principal reaches no team,
    the team behind the sub-account (workspace / project alias), else the team the line's tags name. Outcome
    references come from the line's tags and from its principals' names. fct_ai_cost publishes it.
-#}
{{ window_replace_config('cost', 'x_charge_date') }}


with

cost_lines as (
    select * from {{ ref('int_cost__unified') }}
    where {{ in_incremental_window('x_charge_date', 'cost') }}
),

principal_resolution as (
    select * from {{ ref('int_identity__principal_resolution') }}
),

superseded_lines as (
    {#- money another source already counts (README "Same money through two sources") #}
    select cost_line_id from {{ ref('int_cost__superseded_lines') }}
),

principal_outcome_refs as (
    select * from {{ ref('int_cost__principal_outcome_refs') }}
),

tag_outcome_refs as (
    select * from {{ ref('int_cost__tag_outcome_refs') }}
),

team_names as (
    {#- a tag may name a team by id or by name, in any case -#}
    select
        lower(team_id) as team_hint,
        team_id
    from {{ ref('int_identity__person_teams') }}
    union
    select
        lower(team_name) as team_hint,
        team_id
    from {{ ref('int_identity__person_teams') }}
),

teams as (
    select
        team_hint,
        min(team_id) as team_id
    from team_names
    group by team_hint
),

final as (
    select
        cost_lines.cost_line_id,
        cost_lines.source_cost_line_id,
        cost_lines.x_source,
        cost_lines.ProviderName,
        cost_lines.ServiceProviderName,
        cost_lines.ServiceName,
        cost_lines.ServiceCategory,
        cost_lines.ChargeCategory,
        cost_lines.ChargeDescription,
        cost_lines.ChargePeriodStart,
        cost_lines.ChargePeriodEnd,
        cost_lines.x_charge_date,
        cost_lines.BilledCost,
        cost_lines.EffectiveCost,
        cost_lines.ListCost,
        cost_lines.BillingCurrency,
        cost_lines.x_cost_reporting,
        cost_lines.x_reporting_currency,
        cost_lines.x_cost_is_estimated,
        cost_lines.x_estimated_cost,
        cost_lines.SubAccountId,
        cost_lines.SkuId,
        cost_lines.SkuMeter,
        cost_lines.ConsumedQuantity,
        cost_lines.ConsumedUnit,
        cost_lines.Tags,
        cost_lines.x_model,
        cost_lines.x_model_canonical,
        cost_lines.x_token_type,
        cost_lines.x_cache_ttl,
        cost_lines.x_principal_kind,
        cost_lines.x_principal_id,
        principals.person_id as x_person_id,
        coalesce(principals.team_id, sub_accounts.team_id, teams.team_id) as x_team_id,
        {{ list_concat(
            'coalesce(tag_outcome_refs.outcome_refs, ' ~ empty_string_list() ~ ')',
            'coalesce(principal_outcome_refs.outcome_refs, ' ~ empty_string_list() ~ ')',
        ) }} as x_outcome_refs,
        cost_lines.x_is_ai,
        cost_lines.x_distribution
    from cost_lines
    left join principal_resolution as principals
        on cost_lines.x_principal_kind = principals.principal_kind
        and cost_lines.x_principal_id = principals.principal_value
        and cost_lines.x_charge_date = principals.resolved_on
    left join principal_resolution as sub_accounts
        on cost_lines.x_sub_account_kind = sub_accounts.principal_kind
        and cost_lines.SubAccountId = sub_accounts.principal_value
        and cost_lines.x_charge_date = sub_accounts.resolved_on
    left join principal_outcome_refs
        on {{ surrogate_key(['cost_lines.SubAccountId', 'cost_lines.x_principal_id']) }}
        = principal_outcome_refs.principal_names_key
    left join tag_outcome_refs
        on cost_lines.cost_line_id = tag_outcome_refs.cost_line_id
    -- a team the line's own tags name, when its principal reaches none (a cloud account shared by teams)
    left join teams
        on lower(cost_lines.x_team_hint) = teams.team_hint
    left join superseded_lines
        on cost_lines.cost_line_id = superseded_lines.cost_line_id
    where superseded_lines.cost_line_id is null
)

select * from final
