"""`gh pr list --json ...` (one array) / `gh pr view --json ...` (one object) output: camelCase GraphQL
fields, state MERGED. Users pick the fields, so only what an outcome cannot do without is required (number,
url, mergedAt); without createdAt a PR is in flight on its merge day only. Lands in the same raw table as
the REST pages; source_format tells them apart."""

from ingest.readers._json_layout import json_array_records
from ingest.readers._spec import TIMESTAMP, Col, SourceSpec, has_json_key
from ingest.readers.github_pulls import LABEL_NAMES, MERGED_AFTER_CREATED, REPO_FROM_URL

# Keys only gh's GraphQL output has (REST spells them snake_case, author is `user`, and is_bot is gh's own).
_GH_KEYS = ("mergedAt", "createdAt", "updatedAt", "closedAt", "headRefName", "baseRefName", "isDraft", "mergeCommit",
            "mergedBy", "changedFiles", "headRefOid", "baseRefOid", "reviewDecision", "is_bot")  # fmt: skip


def _looks_like_gh(_name: str, head: str) -> bool:
    """Whatever --json fields were chosen: number and url, one gh camelCase key, and not a REST page."""
    return (
        has_json_key(head, "number")
        and has_json_key(head, "url")
        and any(has_json_key(head, key) for key in _GH_KEYS)
        and not has_json_key(head, "html_url")
        and not has_json_key(head, "identifier")  # a Linear issue (url, number, createdAt) is no PR
    )


SPEC = SourceSpec(
    name="github_gh_pr_list",
    raw_table="github__pull_requests",
    description="GitHub CLI `gh pr list --json` / `gh pr view --json` output (JSON arrays or objects)",
    file_kind="json",
    records_sql=json_array_records,
    columns=(
        Col("repo_full_name", "VARCHAR", path="url", expr=REPO_FROM_URL.format("url"), not_null=True),
        Col("number", "BIGINT", required=True, not_null=True),
        Col("html_url", "VARCHAR", path="url", required=True, not_null=True),
        Col("state", "VARCHAR"),
        Col("draft", "BOOLEAN", path="isDraft"),
        Col("title", "VARCHAR", may_hold_secret=True),
        Col("body", "VARCHAR", may_hold_secret=True),
        Col("user_login", "VARCHAR", path="author.login"),
        Col("user_type", "VARCHAR", expr="cast(null as VARCHAR)"),
        Col("author_is_bot", "BOOLEAN", path="author.is_bot"),
        Col("head_ref", "VARCHAR", path="headRefName"),
        Col("base_ref", "VARCHAR", path="baseRefName"),
        Col("labels", "VARCHAR[]", path="labels", expr=LABEL_NAMES, shape=[{"name": "VARCHAR"}]),
        Col("created_at", TIMESTAMP, path="createdAt"),
        Col("updated_at", TIMESTAMP, path="updatedAt"),
        Col("closed_at", TIMESTAMP, path="closedAt"),
        Col("merged_at", TIMESTAMP, path="mergedAt", required=True),
        Col("additions", "BIGINT"),
        Col("deletions", "BIGINT"),
        Col("changed_files", "BIGINT", path="changedFiles"),
        Col("source_format", "VARCHAR", expr="'gh_cli'"),
    ),
    natural_key=("repo_full_name", "number"),
    rules=(MERGED_AFTER_CREATED,),
    looks_like=_looks_like_gh,
    missing_field_hint="add it to gh's --json fields",
    supersede="key",
    # gh output has no updatedAt unless asked for: fall back to the latest event the row shows
    version_columns=("updated_at", "merged_at", "closed_at", "created_at"),
    period_start="created_at",
    period_end="updated_at",
)
