"""`gh pr list --json ...` / `gh pr view --json ...` output: camelCase GraphQL fields, state MERGED.
Lands in the same raw table as the REST pages; source_format tells them apart."""

from ingest.readers._json_layout import json_array_records
from ingest.readers._spec import TIMESTAMP, Col, SourceSpec, json_keys_in_head
from ingest.readers.github_pulls import LABEL_NAMES, REPO_FROM_URL

SPEC = SourceSpec(
    name="github_gh_pr_list",
    raw_table="github__pull_requests",
    description="GitHub CLI `gh pr list --json` output (one JSON array)",
    file_kind="json",
    records_sql=json_array_records,
    columns=(
        Col("repo_full_name", "VARCHAR", path="url", expr=REPO_FROM_URL.format("url"), not_null=True),
        Col("number", "BIGINT", required=True, not_null=True),
        Col("html_url", "VARCHAR", path="url", required=True, not_null=True),
        Col("state", "VARCHAR"),
        Col("draft", "BOOLEAN", path="isDraft"),
        Col("title", "VARCHAR"),
        Col("body", "VARCHAR"),
        Col("user_login", "VARCHAR", path="author.login"),
        Col("user_type", "VARCHAR", expr="cast(null as VARCHAR)"),
        Col("author_is_bot", "BOOLEAN", path="author.is_bot"),
        Col("head_ref", "VARCHAR", path="headRefName"),
        Col("base_ref", "VARCHAR", path="baseRefName"),
        Col("labels", "VARCHAR[]", path="labels", expr=LABEL_NAMES, shape=[{"name": "VARCHAR"}]),
        Col("created_at", TIMESTAMP, path="createdAt", required=True, not_null=True),
        Col("updated_at", TIMESTAMP, path="updatedAt"),
        Col("closed_at", TIMESTAMP, path="closedAt"),
        Col("merged_at", TIMESTAMP, path="mergedAt", required=True),
        Col("additions", "BIGINT"),
        Col("deletions", "BIGINT"),
        Col("changed_files", "BIGINT", path="changedFiles"),
        Col("source_format", "VARCHAR", expr="'gh_cli'"),
    ),
    natural_key=("repo_full_name", "number"),
    looks_like=json_keys_in_head("number", "mergedAt"),
    supersede="key",
    # gh output has no updatedAt unless asked for: fall back to the latest event the row shows
    version_columns=("updated_at", "merged_at", "closed_at", "created_at"),
    period_start="created_at",
    period_end="updated_at",
)
