"""Linear GraphQL issues pages (POST https://api.linear.app/graphql, `issues(first:, after:, includeArchived: true)`):
{"data": {"issues": {"pageInfo": {hasNextPage, endCursor}, "nodes": [...]}}}, one answer per page, several pages
back to back. An issue is delivered when completed (state.type 'completed' with completedAt); canceled and
duplicate issues are not (staging and int_outcomes__linear_issues decide, raw keeps every issue)."""

from ingest.readers._outcome_layouts import NestedPageRecords
from ingest.readers._spec import TIMESTAMP, Col, Rule, SourceSpec, has_json_key

LABEL_NAMES = "list_transform(j.labels.nodes, lambda label: label.name)"


def _looks_like_linear(_name: str, head: str) -> bool:
    # the issues connection's nodes; an empty last page has pageInfo and no identifier
    return all(has_json_key(head, k) for k in ("data", "issues", "nodes")) and (
        has_json_key(head, "identifier") or has_json_key(head, "pageInfo")
    )


SPEC = SourceSpec(
    name="linear_issues",
    raw_table="linear__issues",
    description="Linear GraphQL issues pages (JSON)",
    file_kind="json",
    records_sql=NestedPageRecords("data.issues.nodes"),
    columns=(
        Col("id", "VARCHAR", required=True, not_null=True),
        Col("identifier", "VARCHAR", required=True, not_null=True),
        Col("title", "VARCHAR", may_hold_secret=True),
        Col("url", "VARCHAR"),
        Col("branch_name", "VARCHAR", path="branchName"),
        Col("previous_identifiers", "VARCHAR[]", path="previousIdentifiers", shape=["VARCHAR"]),
        Col("created_at", TIMESTAMP, path="createdAt", required=True, not_null=True),
        Col("started_at", TIMESTAMP, path="startedAt"),
        Col("completed_at", TIMESTAMP, path="completedAt", required=True),
        Col("canceled_at", TIMESTAMP, path="canceledAt"),
        Col("updated_at", TIMESTAMP, path="updatedAt"),
        Col("archived_at", TIMESTAMP, path="archivedAt"),
        # points on the team's own scale (not money)
        Col("estimate", "DOUBLE"),
        Col("state_type", "VARCHAR", path="state.type", required=True, not_null=True),
        Col("state_name", "VARCHAR", path="state.name"),
        Col("team_key", "VARCHAR", path="team.key"),
        Col("team_name", "VARCHAR", path="team.name"),
        Col("assignee_id", "VARCHAR", path="assignee.id"),
        Col("assignee_email", "VARCHAR", path="assignee.email"),
        Col("assignee_name", "VARCHAR", path="assignee.name"),
        Col("assignee_is_app", "BOOLEAN", path="assignee.app"),
        # the AI agent the issue was delegated to (outcome-formats.md section 5)
        Col("delegate_id", "VARCHAR", path="delegate.id"),
        Col("delegate_name", "VARCHAR", path="delegate.name"),
        Col("delegate_is_app", "BOOLEAN", path="delegate.app"),
        Col("labels", "VARCHAR[]", path="labels", expr=LABEL_NAMES, shape={"nodes": [{"name": "VARCHAR"}]}),
    ),
    natural_key=("id",),
    rules=(
        Rule("completedAt: before createdAt", "completed_at >= created_at"),
        Rule("identifier: not TEAM-123", "regexp_matches(identifier, '^[A-Za-z][A-Za-z0-9_]*-[0-9]+$')"),
    ),
    looks_like=_looks_like_linear,
    supersede="key",
    version_columns=("updated_at", "completed_at", "canceled_at", "created_at"),
    period_start="created_at",
    period_end="updated_at",
)
