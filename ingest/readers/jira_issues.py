"""Jira Cloud issue search pages (GET/POST /rest/api/3/search/jql): {"issues": [...], "nextPageToken",
"isLast"}. Timestamps carry offsets without a colon (+0200) and are normalised to UTC."""

from ingest.readers._json_layout import api_page_records
from ingest.readers._spec import TIMESTAMP, Col, Rule, SourceSpec, json_keys_in_head

SPEC = SourceSpec(
    name="jira_issues",
    raw_table="jira__issues",
    description="Jira Cloud issue search pages (JSON)",
    file_kind="json",
    records_sql=api_page_records("issues", bucket_key=None),
    columns=(
        Col("id", "VARCHAR", required=True, not_null=True),
        Col("key", "VARCHAR", required=True, not_null=True),
        Col("summary", "VARCHAR", path="fields.summary", may_hold_secret=True),
        Col("project_key", "VARCHAR", path="fields.project.key"),
        Col("issuetype_name", "VARCHAR", path="fields.issuetype.name"),
        Col("status_name", "VARCHAR", path="fields.status.name"),
        Col("status_category_key", "VARCHAR", path="fields.status.statusCategory.key"),
        Col("resolution_name", "VARCHAR", path="fields.resolution.name"),
        Col("resolutiondate", TIMESTAMP, path="fields.resolutiondate", required=True),
        Col("created", TIMESTAMP, path="fields.created", required=True, not_null=True),
        Col("updated", TIMESTAMP, path="fields.updated"),
        Col("assignee_account_id", "VARCHAR", path="fields.assignee.accountId"),
        Col("assignee_email_address", "VARCHAR", path="fields.assignee.emailAddress"),
        Col("assignee_display_name", "VARCHAR", path="fields.assignee.displayName"),
        Col("labels", "VARCHAR[]", path="fields.labels", shape=["VARCHAR"]),
    ),
    natural_key=("id",),
    # the same rule as a PR merged before it was created: no outcome before its work
    rules=(Rule("resolutiondate: before created", "resolutiondate >= created"),),
    looks_like=json_keys_in_head("issues", "key", "fields"),
    supersede="key",
    version_columns=("updated", "resolutiondate", "created"),
    period_start="created",
    period_end="updated",
)
