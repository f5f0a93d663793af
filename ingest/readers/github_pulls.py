"""GitHub REST list pull requests (GET /repos/{owner}/{repo}/pulls): a JSON array of PR objects per
page, or several pages back to back as `gh api --paginate` writes them."""

from ingest.readers._json_layout import json_array_records
from ingest.readers._spec import TIMESTAMP, Col, Rule, SourceSpec, json_keys_in_head

REPO_FROM_URL = "lower(regexp_extract(j.{}, '^https?://[^/]+/([^/]+/[^/]+)/pull/', 1))"
LABEL_NAMES = "list_transform(j.labels, lambda label: label.name)"
# a PR merged before it was created is no real event: counting it would put an outcome before its work
MERGED_AFTER_CREATED = Rule("merged_at: before created_at", "merged_at >= created_at")

SPEC = SourceSpec(
    name="github_pulls",
    raw_table="github__pull_requests",
    description="GitHub REST list-pull-requests pages (JSON arrays)",
    file_kind="json",
    records_sql=json_array_records,
    columns=(
        Col("repo_full_name", "VARCHAR", path="html_url", expr=REPO_FROM_URL.format("html_url"), not_null=True),
        Col("number", "BIGINT", required=True, not_null=True),
        Col("html_url", "VARCHAR", required=True, not_null=True),
        Col("state", "VARCHAR"),
        Col("draft", "BOOLEAN"),
        Col("title", "VARCHAR", may_hold_secret=True),
        Col("body", "VARCHAR", may_hold_secret=True),
        Col("user_login", "VARCHAR", path="user.login"),
        Col("user_type", "VARCHAR", path="user.type"),
        Col("author_is_bot", "BOOLEAN", expr="cast(null as BOOLEAN)"),
        Col("head_ref", "VARCHAR", path="head.ref"),
        Col("base_ref", "VARCHAR", path="base.ref"),
        Col("labels", "VARCHAR[]", path="labels", expr=LABEL_NAMES, shape=[{"name": "VARCHAR"}]),
        Col("created_at", TIMESTAMP, required=True, not_null=True),
        Col("updated_at", TIMESTAMP),
        Col("closed_at", TIMESTAMP),
        Col("merged_at", TIMESTAMP, required=True),
        Col("additions", "BIGINT"),
        Col("deletions", "BIGINT"),
        Col("changed_files", "BIGINT"),
        Col("source_format", "VARCHAR", expr="'github_rest'"),
    ),
    natural_key=("repo_full_name", "number"),
    rules=(MERGED_AFTER_CREATED,),
    looks_like=json_keys_in_head("html_url", "merged_at", "head"),
    supersede="key",
    # gh output has no updatedAt unless asked for: fall back to the latest event the row shows
    version_columns=("updated_at", "merged_at", "closed_at", "created_at"),
    period_start="created_at",
    period_end="updated_at",
)
