-- The limit bench_build.py holds the build against: the headline's in-flight part (what merged PRs cost per team
-- and month, method person_in_flight) in one hand-written DuckDB query straight from the raw tables, with none of
-- the project's layering, tests or ledger. Covers the paths the demo company uses: Anthropic bills split over
-- usage by tokens (tier and context window where both name them), OpenAI lines that name their key; principals to
-- people by the alias valid that day, people to teams by the directory; a person's untagged spend of a day split
-- equally (every outcome weight is 1 in the demo) over their PRs and Jira issues in flight that day.
-- Shares are floored at 1e-12 instead of cumulatively rounded: equal to the mart to the cent, not to the digit.
with

people as (
    select person_id, team_id, valid_from, valid_to from raw.costper__people where not _is_superseded
),

aliases as (
    select kind, value, person_id, valid_from, valid_to from raw.costper__aliases
    where not _is_superseded and person_id is not null
),

usage_rows as (
    select
        cast(timezone('UTC', bucket_starting_at) as date) as day,
        workspace_id, api_key_id, account_id, service_account_id, lower(model) as model,
        regexp_replace(lower(model), '-[0-9]{8}$', '') as model_key, service_tier, context_window,
        unnest([
            'uncached_input_tokens', 'cache_read_input_tokens', 'cache_creation.ephemeral_5m_input_tokens',
            'cache_creation.ephemeral_1h_input_tokens', 'output_tokens', 'web_search'
        ]) as token_type,
        unnest([
            uncached_input_tokens, cache_read_input_tokens, cache_creation_ephemeral_5m_input_tokens,
            cache_creation_ephemeral_1h_input_tokens, output_tokens, server_tool_use_web_search_requests
        ]) as tokens
    from raw.anthropic__usage_report
    where not _is_superseded
),

anthropic_bills as (
    select
        row_number() over () as bill_id,
        cast(timezone('UTC', bucket_starting_at) as date) as day,
        workspace_id, regexp_replace(lower(model), '-[0-9]{8}$', '') as model_key,
        lower(coalesce(token_type, cost_type)) as token_type, service_tier, context_window,
        amount * 0.01 as billed
    from raw.anthropic__cost_report
    where not _is_superseded
),

anthropic_matches as (
    select
        bills.bill_id, bills.day, bills.billed, usage_rows.tokens,
        coalesce(usage_rows.api_key_id, usage_rows.account_id, usage_rows.service_account_id) as principal,
        case when usage_rows.api_key_id is not null then 'api_key'
            when usage_rows.account_id is not null then 'account' else 'service_account' end as principal_kind,
        usage_rows.workspace_id
    from anthropic_bills as bills
    inner join usage_rows
        on bills.day = usage_rows.day
        and bills.workspace_id is not distinct from usage_rows.workspace_id
        and bills.token_type = usage_rows.token_type
    where usage_rows.tokens > 0
        and (bills.model_key is null or bills.model_key = usage_rows.model_key)  -- a bill naming no model: any
        and (bills.service_tier is null or usage_rows.service_tier is null or bills.service_tier = usage_rows.service_tier)
        and (bills.context_window is null or usage_rows.context_window is null
            or bills.context_window = usage_rows.context_window)
),

cost_shares as (
    select
        day, principal_kind, principal, workspace_id,
        cast(cast(billed * 1000000000000 as hugeint) * tokens // sum(tokens) over (partition by bill_id) as decimal(38, 0))
        * 0.000000000001 as cost
    from anthropic_matches
    union all
    select
        cast(timezone('UTC', bucket_start_time) as date), 'api_key', api_key_id, project_id, amount_value
    from raw.openai__costs
    where not _is_superseded and api_key_id is not null
),

jira_projects as (
    select distinct upper(project_key) as project_key from raw.jira__issues where not _is_superseded
),

tagged_principals as (
    -- spend whose workspace or key names a Jira issue of a known project waits for that issue (direct)
    select distinct names.name
    from (select distinct workspace_id as name from cost_shares union select distinct principal from cost_shares) as names,
        unnest(regexp_extract_all(upper(names.name), '(?:^|[^A-Z0-9])([A-Z][A-Z0-9]{1,9}-[1-9][0-9]*)', 1)) as keys (jira_key)
    inner join jira_projects on split_part(keys.jira_key, '-', 1) = jira_projects.project_key
),

person_day_cost as (
    select aliases.person_id, cost_shares.day, sum(cost_shares.cost) as cost
    from cost_shares
    inner join aliases
        on cost_shares.principal_kind = aliases.kind
        and cost_shares.principal = aliases.value
        and aliases.valid_from <= cost_shares.day
        and (aliases.valid_to is null or cost_shares.day < aliases.valid_to)
    where cost_shares.principal not in (select name from tagged_principals)
        and coalesce(cost_shares.workspace_id, '') not in (select name from tagged_principals)
    group by all
),

outcomes as (
    select
        'pr' as kind, aliases.person_id, cast(timezone('UTC', prs.created_at) as date) as started,
        cast(timezone('UTC', prs.merged_at) as date) as occurred, prs.repo_full_name || '#' || prs.number as outcome_id
    from raw.github__pull_requests as prs
    inner join aliases
        on aliases.kind = 'github_login'
        and aliases.value = lower(regexp_replace(regexp_replace(prs.user_login, '^app/', ''), '\[bot\]$', ''))
        and aliases.valid_from <= cast(timezone('UTC', prs.merged_at) as date)
        and (aliases.valid_to is null or cast(timezone('UTC', prs.merged_at) as date) < aliases.valid_to)
    where not prs._is_superseded and prs.merged_at is not null
    union all
    select
        'issue', aliases.person_id, cast(timezone('UTC', issues.created) as date),
        cast(timezone('UTC', issues.resolutiondate) as date), issues.key
    from raw.jira__issues as issues
    inner join aliases
        on aliases.kind = 'jira_account'
        and aliases.value = issues.assignee_account_id
        and aliases.valid_from <= cast(timezone('UTC', issues.resolutiondate) as date)
        and (aliases.valid_to is null or cast(timezone('UTC', issues.resolutiondate) as date) < aliases.valid_to)
    where not issues._is_superseded and issues.resolutiondate is not null
        and lower(issues.resolution_name) not in (select lower(resolution_name) from seeds.jira_non_delivery_resolutions)
),

in_flight as (
    select
        person_day_cost.cost, outcomes.kind, outcomes.person_id, outcomes.occurred, outcomes.outcome_id,
        count(*) over (partition by person_day_cost.person_id, person_day_cost.day) as outcomes_in_flight
    from person_day_cost
    inner join outcomes
        on person_day_cost.person_id = outcomes.person_id
        and person_day_cost.day between outcomes.started and outcomes.occurred
)

select
    people.team_id,
    cast(date_trunc('month', in_flight.occurred) as date) as period_month,
    count(distinct in_flight.outcome_id) as prs_with_cost,
    sum(cast(cast(in_flight.cost * 1000000000000 as hugeint) // in_flight.outcomes_in_flight as decimal(38, 0))
        * 0.000000000001) as person_in_flight_cost
from in_flight
inner join people
    on in_flight.person_id = people.person_id
    and people.valid_from <= in_flight.occurred
    and (people.valid_to is null or in_flight.occurred < people.valid_to)
where in_flight.kind = 'pr'
group by all
