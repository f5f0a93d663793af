"""Zendesk incremental ticket export pages (GET /api/v2/incremental/tickets/cursor.json, best with
include=metric_sets): {"tickets": [...], "metric_sets": [...], "after_cursor", "end_of_stream"}. A ticket comes
back on every update: the row with the latest generated_timestamp wins. The sideloaded metric set of a ticket
(solved_at, reopens) lands on the ticket's row; without the sideload, zendesk_ticket_metrics pages give them."""

from ingest.readers._outcome_layouts import SideloadedRecords
from ingest.readers._spec import TIMESTAMP, UNIX_SECONDS, Col, SourceSpec, has_json_key

METRIC = "j.metric_set.{}"
_METRIC_FIELDS = ("solved_at", "reopens", "updated_at")


def _looks_like_tickets(_name: str, head: str) -> bool:
    # a page of tickets (the envelope's end_of_stream comes after the records, so a big page shows only tickets)
    return has_json_key(head, "tickets") and (
        has_json_key(head, "end_of_stream") or has_json_key(head, "generated_timestamp") or has_json_key(head, "via")
    )


SPEC = SourceSpec(
    name="zendesk_tickets",
    raw_table="zendesk__tickets",
    description="Zendesk incremental ticket export pages (JSON)",
    file_kind="json",
    records_sql=SideloadedRecords(
        "tickets",
        sideload_key="metric_sets",
        sideload_id="ticket_id",
        as_field="metric_set",
        sideload_shape=tuple((name, "VARCHAR") for name in _METRIC_FIELDS),
    ),
    columns=(
        Col("id", "BIGINT", required=True, not_null=True),
        Col("url", "VARCHAR"),
        Col("status", "VARCHAR", required=True, not_null=True),
        Col("subject", "VARCHAR", may_hold_secret=True),
        Col("type", "VARCHAR"),
        Col("priority", "VARCHAR"),
        Col("assignee_id", "BIGINT"),
        Col("group_id", "BIGINT"),
        # the first comment (description) is the customer's own text: it stays in _extra, which a pseudonymised
        # export leaves out
        Col("requester_id", "BIGINT"),
        Col("organization_id", "BIGINT"),
        Col("brand_id", "BIGINT"),
        Col("tags", "VARCHAR[]", shape=["VARCHAR"]),
        # a type string (email, web, api, ...) or, in old exports, an integer id: kept as text
        Col("via_channel", "VARCHAR", path="via.channel"),
        Col("via_source_rel", "VARCHAR", path="via.source.rel"),
        Col("via_followup_source_id", "BIGINT"),
        Col("custom_status_id", "BIGINT"),
        Col("custom_fields", "JSON", shape="JSON"),
        Col("created_at", TIMESTAMP, required=True, not_null=True),
        Col("updated_at", TIMESTAMP),
        Col("generated_timestamp", TIMESTAMP, cast_sql=UNIX_SECONDS, expected="unix seconds"),
        # from the page's metric_sets (include=metric_sets), null without the sideload
        Col("metric_solved_at", TIMESTAMP, expr=METRIC.format("solved_at")),
        Col("metric_reopens", "BIGINT", expr=METRIC.format("reopens")),
        Col("metric_updated_at", TIMESTAMP, expr=METRIC.format("updated_at")),
    ),
    natural_key=("id",),
    looks_like=_looks_like_tickets,
    supersede="key",
    version_columns=("generated_timestamp", "updated_at", "created_at"),
    period_start="created_at",
    period_end="updated_at",
)
