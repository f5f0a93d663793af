"""costper's generic outcomes CSV: any unit of work from any system (deployments, incidents, deals, ...), one row
per outcome. Who delivered it is one of person_id, email or team_id; a row's weight overrides its type's default
(seed outcome_type_defaults); ref_keys (separated by ';' or spaces) are the keys cost lines name it by."""

from ingest.readers._spec import MONEY, TIMESTAMP, Col, Rule, SourceSpec, csv_header_has

SPEC = SourceSpec(
    name="costper_outcomes",
    raw_table="costper__outcomes",
    description="costper generic outcomes (CSV)",
    file_kind="csv",
    columns=(
        Col("outcome_id", "VARCHAR", required=True, not_null=True),
        Col("outcome_type", "VARCHAR", required=True, not_null=True),
        Col("occurred_at", TIMESTAMP, required=True, not_null=True),
        Col("person_id", "VARCHAR"),
        Col("email", "VARCHAR"),
        Col("team_id", "VARCHAR"),
        Col("started_at", TIMESTAMP),
        Col("weight", "DECIMAL(18,6)", non_negative=True),
        # what the outcome was worth (a deal's amount), in the reporting currency; not billed money
        Col("value", MONEY),
        Col("ref_keys", "VARCHAR"),
        Col("ai_assisted", "BOOLEAN"),
        Col("source", "VARCHAR"),
        Col("url", "VARCHAR"),
        Col("title", "VARCHAR", may_hold_secret=True),
    ),
    natural_key=("outcome_id",),
    rules=(
        Rule("one of person_id, email, team_id", "coalesce(person_id, email, team_id) is not null"),
        Rule(
            "outcome_type: not a lower-case word (deployment, incident_resolved)",
            "regexp_matches(outcome_type, '^[a-z][a-z0-9_]{0,63}$')",
        ),
        Rule("started_at: after occurred_at", "started_at <= occurred_at"),
        Rule("email: not an address", "email like '%_@_%'"),
    ),
    required_one_of=("person_id", "email", "team_id"),
    looks_like=lambda name, head: (
        name.endswith(".csv") and csv_header_has(head, "outcome_id", "outcome_type", "occurred_at")
    ),
    # the newest file's row of an outcome_id is its truth, whatever its occurred_at: a corrected date (earlier or
    # later) replaces the older row; the same outcome_id twice in one file is ambiguous and quarantined
    supersede="key",
    bills_money=False,
    period_start="occurred_at",
    period_end="occurred_at",
)
