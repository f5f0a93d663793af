{#-
    One row per AI cost line after billed-to-usage distribution, resolved to person and team on the charge date.
    Identity is time-aware: the principal (kind, id) resolves to the alias valid on x_charge_date; a person's team is
    the people row valid on that date. An alias to a team gives the team only. When the principal reaches no team,
    the team owning the sub-account (workspace / project alias) is used.
-#}

with

cost_lines as (
    select * from {{ ref('int_cost__unified') }}
),

aliases as (
    select * from {{ ref('int_identity__aliases') }}
),

person_teams as (
    select * from {{ ref('int_identity__person_teams') }}
),

principal_outcome_refs as (
    select * from {{ ref('int_cost__principal_outcome_refs') }}
),

principal_days as (
    select distinct
        x_principal_kind,
        x_principal_id,
        x_sub_account_kind,
        "SubAccountId" as sub_account_id,
        x_charge_date
    from cost_lines
),

principal_alias_matches as (
    select
        principal_days.*,
        principal_aliases.person_id,
        principal_aliases.team_id as principal_team_id,
        row_number() over (
            partition by principal_days.x_principal_kind, principal_days.x_principal_id, principal_days.x_charge_date
            order by principal_aliases.alias_priority asc, principal_aliases.valid_from desc
        ) as match_rank
    from principal_days
    inner join aliases as principal_aliases
        on principal_aliases.alias_kind
        = case principal_days.x_principal_kind when 'user_email' then 'email' else principal_days.x_principal_kind end
        and principal_aliases.alias_value
        = case principal_days.x_principal_kind when 'user_email' then lower(principal_days.x_principal_id)
            else principal_days.x_principal_id
        end
        and {{ valid_on('principal_days.x_charge_date', 'principal_aliases.valid_from', 'principal_aliases.valid_to') }}
),

sub_account_alias_matches as (
    select
        principal_days.x_sub_account_kind,
        principal_days.sub_account_id,
        principal_days.x_charge_date,
        sub_account_aliases.team_id as sub_account_team_id,
        row_number() over (
            partition by principal_days.x_sub_account_kind, principal_days.sub_account_id, principal_days.x_charge_date
            order by sub_account_aliases.alias_priority asc, sub_account_aliases.valid_from desc
        ) as match_rank
    from principal_days
    inner join aliases as sub_account_aliases
        on principal_days.x_sub_account_kind = sub_account_aliases.alias_kind
        and principal_days.sub_account_id = sub_account_aliases.alias_value
        and sub_account_aliases.team_id is not null
        and {{ valid_on(
            'principal_days.x_charge_date', 'sub_account_aliases.valid_from', 'sub_account_aliases.valid_to'
        ) }}
),

person_team_matches as (
    select
        principal_alias_matches.x_principal_kind,
        principal_alias_matches.x_principal_id,
        principal_alias_matches.x_charge_date,
        person_teams.team_id as person_team_id,
        row_number() over (
            partition by
                principal_alias_matches.x_principal_kind, principal_alias_matches.x_principal_id,
                principal_alias_matches.x_charge_date
            order by person_teams.valid_from desc
        ) as match_rank
    from principal_alias_matches
    inner join person_teams
        on principal_alias_matches.person_id = person_teams.person_id
        and {{ valid_on('principal_alias_matches.x_charge_date', 'person_teams.valid_from', 'person_teams.valid_to') }}
    where principal_alias_matches.match_rank = 1
),

final as (
    select
        cost_lines.cost_line_id,
        cost_lines.source_cost_line_id,
        cost_lines.x_source,
        cost_lines."ProviderName",
        cost_lines."ServiceProviderName",
        cost_lines."ServiceName",
        cost_lines."ServiceCategory",
        cost_lines."ChargeCategory",
        cost_lines."ChargeDescription",
        cost_lines."ChargePeriodStart",
        cost_lines."ChargePeriodEnd",
        cost_lines.x_charge_date,
        cost_lines."BilledCost",
        cost_lines."EffectiveCost",
        cost_lines."ListCost",
        cost_lines."BillingCurrency",
        cost_lines.x_cost_reporting,
        cost_lines.x_reporting_currency,
        cost_lines.x_cost_is_estimated,
        cost_lines."SubAccountId",
        cost_lines."SkuId",
        cost_lines."SkuMeter",
        cost_lines."ConsumedQuantity",
        cost_lines."ConsumedUnit",
        cost_lines."Tags",
        cost_lines.x_model,
        cost_lines.x_model_canonical,
        cost_lines.x_token_type,
        cost_lines.x_cache_ttl,
        cost_lines.x_principal_kind,
        cost_lines.x_principal_id,
        principal_alias_matches.person_id as x_person_id,
        coalesce(
            person_team_matches.person_team_id,
            principal_alias_matches.principal_team_id,
            sub_account_alias_matches.sub_account_team_id
        ) as x_team_id,
        coalesce(principal_outcome_refs.outcome_refs, {{ empty_string_list() }}) as x_outcome_refs,
        cost_lines.x_is_ai,
        cost_lines.x_distribution
    from cost_lines
    left join principal_alias_matches
        on cost_lines.x_principal_kind = principal_alias_matches.x_principal_kind
        and cost_lines.x_principal_id = principal_alias_matches.x_principal_id
        and cost_lines.x_charge_date = principal_alias_matches.x_charge_date
        and principal_alias_matches.match_rank = 1
    left join person_team_matches
        on cost_lines.x_principal_kind = person_team_matches.x_principal_kind
        and cost_lines.x_principal_id = person_team_matches.x_principal_id
        and cost_lines.x_charge_date = person_team_matches.x_charge_date
        and person_team_matches.match_rank = 1
    left join sub_account_alias_matches
        on cost_lines.x_sub_account_kind = sub_account_alias_matches.x_sub_account_kind
        and cost_lines."SubAccountId" = sub_account_alias_matches.sub_account_id
        and cost_lines.x_charge_date = sub_account_alias_matches.x_charge_date
        and sub_account_alias_matches.match_rank = 1
    left join principal_outcome_refs
        on {{ surrogate_key(['cost_lines."SubAccountId"', 'cost_lines.x_principal_id']) }}
        = principal_outcome_refs.principal_names_key
)

select * from final
