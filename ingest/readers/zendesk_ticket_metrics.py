"""Zendesk ticket metrics pages (GET /api/v2/ticket_metrics, or /api/v2/tickets/{id}/metrics collected into a
list): {"ticket_metrics": [...], "next_page"}. One metric set per ticket: solved_at and reopens decide whether a
solved ticket is delivered (int_outcomes__zendesk_tickets)."""

from ingest.readers._json_layout import api_page_records
from ingest.readers._spec import TIMESTAMP, Col, SourceSpec, json_keys_in_head

SPEC = SourceSpec(
    name="zendesk_ticket_metrics",
    raw_table="zendesk__ticket_metrics",
    description="Zendesk ticket metrics pages (JSON)",
    file_kind="json",
    records_sql=api_page_records("ticket_metrics", bucket_key=None),
    columns=(
        Col("id", "BIGINT"),
        Col("ticket_id", "BIGINT", required=True, not_null=True),
        Col("solved_at", TIMESTAMP, required=True),
        Col("reopens", "BIGINT", non_negative=True),
        Col("replies", "BIGINT", non_negative=True),
        Col("assignee_stations", "BIGINT"),
        Col("group_stations", "BIGINT"),
        Col("assigned_at", TIMESTAMP),
        Col("initially_assigned_at", TIMESTAMP),
        Col("status_updated_at", TIMESTAMP),
        Col("latest_comment_added_at", TIMESTAMP),
        Col("full_resolution_minutes_calendar", "BIGINT", path="full_resolution_time_in_minutes.calendar"),
        Col("full_resolution_minutes_business", "BIGINT", path="full_resolution_time_in_minutes.business"),
        Col("created_at", TIMESTAMP),
        Col("updated_at", TIMESTAMP),
    ),
    natural_key=("ticket_id",),
    looks_like=json_keys_in_head("ticket_metrics"),
    supersede="key",
    version_columns=("updated_at", "solved_at", "created_at"),
    period_start="created_at",
    period_end="updated_at",
)
