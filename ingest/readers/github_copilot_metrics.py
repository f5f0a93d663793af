"""GitHub Copilot usage metrics, user level, one record per user per day: the NDJSON files that
`GET /orgs/{org}/copilot/metrics/reports/users-1-day?day=YYYY-MM-DD` (or `/enterprises/{enterprise}/...`) links to in
its `download_links` (signed URLs; download them before they expire). Docs:
https://docs.github.com/en/copilot/reference/copilot-usage-metrics/copilot-usage-metrics and
.../copilot-usage-metrics/example-schema ("User-level schema example").

No money: an outcome-quality signal. Kept typed: `day`, `user_login`, `code_generation_activity_count` (suggestions
shown), `code_acceptance_activity_count` (accepted), `loc_suggested_to_add_sum` / `loc_added_sum` (lines suggested
and accepted) and their delete counterparts; the breakdowns (`totals_by_ide`, `totals_by_feature`, `totals_by_cli`,
...) land in `_extra`. The older `GET /orgs/{org}/copilot/metrics` (per day, nested editors/models/languages,
nobody named) is not read: it cannot say who accepted what."""

from ingest.readers._json_layout import JsonLayout
from ingest.readers._spec import Col, SourceSpec, has_json_key

_COUNTS = ("user_initiated_interaction_count", "code_generation_activity_count", "code_acceptance_activity_count",
           "loc_suggested_to_add_sum", "loc_suggested_to_delete_sum", "loc_added_sum", "loc_deleted_sum")  # fmt: skip


def _looks_like(_name: str, head: str) -> bool:
    return has_json_key(head, "user_login") and has_json_key(head, "code_generation_activity_count")


SPEC = SourceSpec(
    name="github_copilot_metrics",
    raw_table="github__copilot_metrics",
    description="GitHub Copilot usage metrics, user level per day (users-1-day NDJSON report)",
    file_kind="json",
    records_sql=JsonLayout(None),
    columns=(
        Col("day", "DATE", required=True, not_null=True),
        Col("user_login", "VARCHAR", required=True, not_null=True),
        Col("user_id", "BIGINT"),
        Col("organization_id", "VARCHAR"),
        Col("enterprise_id", "VARCHAR"),
        *(Col(name, "BIGINT", non_negative=True) for name in _COUNTS),
        Col("used_chat", "BOOLEAN"),
        Col("used_agent", "BOOLEAN"),
        Col("used_cli", "BOOLEAN"),
    ),
    # an organisation's report and its enterprise's both hold a user's day: load one of them (README)
    natural_key=("day", "user_login", "organization_id"),
    looks_like=_looks_like,
    bills_money=False,
    # a newer report of the same day replaces that user's older record
    supersede="key",
    period_start="day",
)
