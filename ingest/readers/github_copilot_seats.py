"""GitHub Copilot seat assignments (GET /orgs/{org}/copilot/billing/seats): `seats[]`, each with the assignee's
login, when the seat was created, its plan (business, enterprise) and a pending cancellation date. No money: the
fee per plan and month comes from the copilot_seat_prices seed; int_cost__seat_lines amortises it per day."""

from ingest.readers._json_layout import JsonLayout
from ingest.readers._spec import TIMESTAMP, Col, Rule, SourceSpec, has_json_key


def _looks_like(_name: str, head: str) -> bool:
    return has_json_key(head, "seats") and has_json_key(head, "assignee") and has_json_key(head, "plan_type")


SPEC = SourceSpec(
    name="github_copilot_seats",
    raw_table="github__copilot_seats",
    description="GitHub Copilot seat assignments (seats[]: assignee, created_at, plan_type)",
    file_kind="json",
    records_sql=JsonLayout("seats"),
    columns=(
        Col("assignee_login", "VARCHAR", path="assignee.login", required=True, not_null=True),
        Col("assignee_id", "BIGINT", path="assignee.id"),
        Col("assignee_type", "VARCHAR", path="assignee.type"),
        Col("assigning_team_slug", "VARCHAR", path="assigning_team.slug"),
        Col("plan_type", "VARCHAR"),
        Col("created_at", TIMESTAMP, required=True, not_null=True),
        Col("updated_at", TIMESTAMP),
        Col("pending_cancellation_date", "DATE"),
        Col("last_activity_at", TIMESTAMP),
        Col("last_activity_editor", "VARCHAR"),
    ),
    natural_key=("assignee_login", "created_at"),
    rules=(Rule("pending_cancellation_date: before created_at", "pending_cancellation_date >= created_at::DATE"),),
    looks_like=_looks_like,
    # each export is the seats of its day: a seat no longer listed keeps its older row (held until then)
    supersede="key",
    version_columns=("updated_at", "created_at"),
    period_start="created_at",
    billed_amount_paths=("",),  # a seat bills its plan's seed price: the file states no amount
)
