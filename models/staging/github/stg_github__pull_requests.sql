with

source as (
    select * from {{ source('github', 'pull_requests') }}
    where not _is_superseded  -- a restatement replaces the older export
),

renamed as (
    select
        ---------- ids
        'github:' || lower(repo_full_name) || '#' || cast(number as {{ dbt.type_string() }}) as pull_request_id,
        lower(repo_full_name) as repo_full_name,
        number as pull_request_number,

        ---------- strings
        html_url,
        lower(state) as state,
        title,
        body,
        user_login as author_login,
        {{ normalize_github_login('user_login') }} as author_login_normalized,
        user_type as author_type,
        head_ref,
        base_ref,
        labels,
        source_format,

        ---------- booleans
        draft as is_draft,
        author_is_bot,

        ---------- numerics
        additions as additions_count,
        deletions as deletions_count,
        changed_files as changed_files_count,

        ---------- timestamps
        created_at,
        updated_at,
        closed_at,
        merged_at,

        ---------- lineage
        _file_sha256,
        _row_number

    from source
)

select * from renamed
