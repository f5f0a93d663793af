{#-
    One row per merged revert pull request x the merged pull request it reverts (shared/reference/outcome-formats.md
    section 8), from either GitHub reader. A revert is found by its body first: a line `Reverts owner/repo#123`,
    `Reverts #123` (same repository) or `Reverts <pull request URL>`, as GitHub's Revert button writes it; several
    such lines revert several PRs. A PR whose body names none but whose title is `Revert "<title>"` reverts the most
    recent PR of the same repository with exactly that title merged before it. is_within_window: the revert merged
    within var rework_window_days of the original's merge, so the original was not a durable outcome. A revert whose
    original is not among the loaded PRs (a manual git revert of a commit, a PR of another export) has a null
    reverted_pull_request_id: it is still a revert.
-#}

{#- a revert merged on or after as_of has not happened yet for this build -#}
{%- set as_of_at = date_to_utc_timestamp("cast('" ~ var('as_of') ~ "' as date)") %}

with

pull_requests as (
    select
        pull_request_id,
        repo_full_name,
        title,
        body,
        merged_at
    from {{ ref('stg_github__pull_requests') }}
    where merged_at is not null and merged_at < {{ as_of_at }}
),

body_tokens as (
    {#- the word after "Reverts" at the start of a line of the body -#}
    {{ list_elements(
        'pull_requests', ['pull_request_id', 'repo_full_name'],
        regex_extract_all("lower(coalesce(body, ''))", "'(?m)^[ \\t]*reverts[ \\t]+([^ \\t\\r\\n]+)'", 1),
        'revert_token'
    ) }}
),

body_refs as (
    select
        pull_request_id as revert_pull_request_id,
        coalesce(
            'github:' || repo_full_name || {{ regex_extract('revert_token', "'^(#[0-9]+)'", 1) }},
            'github:' || {{ regex_extract('revert_token', "'^([a-z0-9-]{1,39}/[a-z0-9._-]{1,100}#[0-9]+)'", 1) }},
            'github:' || replace({{ regex_extract(
                'revert_token', "'^https?://[a-z0-9.-]+/([a-z0-9-]{1,39}/[a-z0-9._-]{1,100}/pull/[0-9]+)'", 1
            ) }}, '/pull/', '#')
        ) as reverted_pull_request_id
    from body_tokens
),

body_reverts as (
    select distinct
        revert_pull_request_id,
        reverted_pull_request_id
    from body_refs
    where reverted_pull_request_id is not null
),

title_reverts as (
    select
        pull_request_id as revert_pull_request_id,
        repo_full_name,
        merged_at,
        {{ regex_extract('title', "'^Revert \"(.+)\"$'", 1) }} as reverted_title
    from pull_requests
    where pull_request_id not in (select body_reverts.revert_pull_request_id from body_reverts)
),

title_candidates as (
    select
        title_reverts.revert_pull_request_id,
        title_reverts.reverted_title,
        originals.pull_request_id as reverted_pull_request_id,
        row_number() over (
            partition by title_reverts.revert_pull_request_id
            order by originals.merged_at desc, originals.pull_request_id desc
        ) as recency_rank
    from title_reverts
    left join pull_requests as originals
        on title_reverts.repo_full_name = originals.repo_full_name
        and title_reverts.reverted_title = originals.title
        and title_reverts.merged_at > originals.merged_at
    where title_reverts.reverted_title is not null
),

reverts as (
    select
        revert_pull_request_id,
        reverted_pull_request_id,
        'body' as matched_by
    from body_reverts
    union all
    select
        revert_pull_request_id,
        reverted_pull_request_id,
        'title' as matched_by
    from title_candidates
    where recency_rank = 1
),

final as (
    select
        reverts.revert_pull_request_id,
        reverts.reverted_pull_request_id,
        reverts.matched_by,
        revert_prs.merged_at as revert_merged_at,
        originals.merged_at as reverted_merged_at,
        coalesce(
            originals.merged_at <= revert_prs.merged_at
            and revert_prs.merged_at
            <= {{ dbt.dateadd('day', var('rework_window_days'), 'originals.merged_at') }},
            false
        ) as is_within_window
    from reverts
    inner join pull_requests as revert_prs
        on reverts.revert_pull_request_id = revert_prs.pull_request_id
    left join pull_requests as originals
        on reverts.reverted_pull_request_id = originals.pull_request_id
)

select * from final
