-- The limit bench_build.py holds the build against: the headline's in-flight part (what durable merged PRs cost per
-- team and month, method person_in_flight) in one hand-written DuckDB query straight from the raw tables, with none of
-- the project's layering, tests or ledger. It covers these paths, and bench_build.py compares it with the ledger's
-- person_in_flight shares of the same cost lines only (x_source anthropic_cost_report and openai_costs):
--   cost: Anthropic cost report bills split over the usage report by tokens (tier and context window where both name
--     them), OpenAI cost lines that name their key; a line whose key or workspace names a Jira issue of a known
--     project is tagged (direct) and left out (a key or workspace naming a PR, a Zendesk ticket or a Linear issue is
--     not covered). Not covered: AWS CUR (Bedrock, and its PR-tagged lines), Copilot and other seat fees, LiteLLM
--     gateway logs (estimated, never billed), Cursor, Azure, GCP, OpenRouter, FOCUS, Claude Code.
--   people: principals (api_key, account, service_account) to people by the alias valid that day, people to teams by
--     the directory on the PR's merge date.
--   outcomes in flight: a person's untagged spend of a day is split equally (every outcome weight is 1 in the demo)
--     over all their outcomes in flight that day (created date to delivery date, both inclusive): merged PRs (author
--     by github_login), Jira issues resolved with a delivering resolution (assignee by jira_account) and solved or
--     closed Zendesk tickets (assignee by zendesk_user, solved_at from the ticket's newest metric set).
--   durable: a revert PR (its body's `Reverts owner/repo#N`, `Reverts #N` or `Reverts <PR URL>` line, else a title
--     `Revert "<title>"` naming the repository's latest such PR merged before it) and the PR it reverts within
--     rework_window_days (14, its default) take their shares like any outcome but are rework, not reported.
-- Not covered either: outcomes by bots without a person (they get no in-flight spend), Linear issues, outcome CSVs,
-- weights other than 1, outcomes delivered on or after as_of, billing currencies other than USD.
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

merged_prs as (
    select
        'github:' || lower(repo_full_name) || '#' || number as outcome_id, lower(repo_full_name) as repo, title, body,
        user_login, created_at, merged_at
    from raw.github__pull_requests
    where not _is_superseded and merged_at is not null
),

revert_refs as (
    -- a revert PR names what it reverts in its body (`Reverts owner/repo#123`, `Reverts #123`, `Reverts <PR URL>`)
    select
        reverts.outcome_id as revert_id, reverts.merged_at,
        coalesce(
            'github:' || reverts.repo || nullif(regexp_extract(tokens.token, '^(#[0-9]+)', 1), ''),
            'github:' || nullif(regexp_extract(tokens.token, '^([a-z0-9-]{1,39}/[a-z0-9._-]{1,100}#[0-9]+)', 1), ''),
            'github:' || replace(nullif(regexp_extract(
                tokens.token, '^https?://[a-z0-9.-]+/([a-z0-9-]{1,39}/[a-z0-9._-]{1,100}/pull/[0-9]+)', 1), ''),
                '/pull/', '#')
        ) as reverted_id
    from merged_prs as reverts,
        unnest(regexp_extract_all(lower(coalesce(reverts.body, '')), '(?m)^[ \t]*reverts[ \t]+([^ \t\r\n]+)', 1))
            as tokens (token)
),

reverts as (
    select distinct revert_id, merged_at, reverted_id from revert_refs where reverted_id is not null
    union all
    -- else a title `Revert "<title>"`: the latest PR of the repository with that title merged before it
    select reverts.outcome_id, reverts.merged_at, arg_max(originals.outcome_id, (originals.merged_at, originals.outcome_id))
    from merged_prs as reverts
    left join merged_prs as originals
        on reverts.repo = originals.repo
        and regexp_extract(reverts.title, '^Revert "(.+)"$', 1) = originals.title
        and originals.merged_at < reverts.merged_at
    where regexp_matches(reverts.title, '^Revert "(.+)"$')
        and reverts.outcome_id not in (select revert_id from revert_refs where reverted_id is not null)
    group by all
),

rework as (
    -- not durable: a revert PR, and a PR reverted within var rework_window_days (14) of its merge
    select revert_id as outcome_id from reverts
    union
    select originals.outcome_id
    from reverts
    inner join merged_prs as originals
        on reverts.reverted_id = originals.outcome_id
        and reverts.merged_at between originals.merged_at and originals.merged_at + interval 14 day
),

ticket_solves as (
    -- the solve from the ticket's newest metric set: the ticket metrics pages' or the one sideloaded with it
    select
        tickets.id, tickets.assignee_id, tickets.created_at,
        case
            when metrics.ticket_id is null then tickets.metric_solved_at
            when tickets.metric_updated_at is null and tickets.metric_solved_at is null then metrics.solved_at
            when metrics.updated_at > tickets.metric_updated_at then metrics.solved_at
            else coalesce(tickets.metric_solved_at, metrics.solved_at)
        end as solved_at
    from raw.zendesk__tickets as tickets
    left join raw.zendesk__ticket_metrics as metrics
        on tickets.id = metrics.ticket_id and not metrics._is_superseded
    where not tickets._is_superseded and lower(tickets.status) in ('solved', 'closed')
),

outcomes as (
    -- every outcome takes its share (weight 1), rework too; only durable PRs are reported
    select
        'pr' as kind, aliases.person_id, cast(timezone('UTC', prs.created_at) as date) as started,
        cast(timezone('UTC', prs.merged_at) as date) as occurred, prs.outcome_id,
        prs.outcome_id not in (select outcome_id from rework) as is_durable
    from merged_prs as prs
    inner join aliases
        on aliases.kind = 'github_login'
        and aliases.value = lower(regexp_replace(regexp_replace(prs.user_login, '^app/', ''), '\[bot\]$', ''))
        and aliases.valid_from <= cast(timezone('UTC', prs.merged_at) as date)
        and (aliases.valid_to is null or cast(timezone('UTC', prs.merged_at) as date) < aliases.valid_to)
    union all
    select
        'issue', aliases.person_id, cast(timezone('UTC', issues.created) as date),
        cast(timezone('UTC', issues.resolutiondate) as date), issues.key, true
    from raw.jira__issues as issues
    inner join aliases
        on aliases.kind = 'jira_account'
        and aliases.value = issues.assignee_account_id
        and aliases.valid_from <= cast(timezone('UTC', issues.resolutiondate) as date)
        and (aliases.valid_to is null or cast(timezone('UTC', issues.resolutiondate) as date) < aliases.valid_to)
    where not issues._is_superseded and issues.resolutiondate is not null
        and lower(issues.resolution_name) not in (select lower(resolution_name) from seeds.jira_non_delivery_resolutions)
    union all
    select
        'ticket', aliases.person_id, cast(timezone('UTC', tickets.created_at) as date),
        cast(timezone('UTC', tickets.solved_at) as date), 'zendesk:' || tickets.id, true
    from ticket_solves as tickets
    inner join aliases
        on aliases.kind = 'zendesk_user'
        and aliases.value = cast(tickets.assignee_id as varchar)
        and aliases.valid_from <= cast(timezone('UTC', tickets.solved_at) as date)
        and (aliases.valid_to is null or cast(timezone('UTC', tickets.solved_at) as date) < aliases.valid_to)
    where tickets.solved_at is not null
),

in_flight as (
    select
        person_day_cost.cost, outcomes.kind, outcomes.is_durable, outcomes.person_id, outcomes.occurred, outcomes.outcome_id,
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
where in_flight.kind = 'pr' and in_flight.is_durable
group by all
