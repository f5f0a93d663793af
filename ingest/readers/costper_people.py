"""costper's people directory CSV: one row per person per stretch of team membership.
valid_to is exclusive (the first day the row no longer holds); empty means still true."""

from ingest.readers._spec import Col, Rule, SourceSpec, csv_header_has

SPEC = SourceSpec(
    name="costper_people",
    raw_table="costper__people",
    description="costper people directory (CSV)",
    file_kind="csv",
    columns=(
        Col("person_id", "VARCHAR", required=True, not_null=True),
        Col("email", "VARCHAR", required=True, not_null=True),
        Col("team_id", "VARCHAR", required=True, not_null=True),
        Col("valid_from", "DATE", required=True, not_null=True),
        Col("valid_to", "DATE"),
        Col("display_name", "VARCHAR"),
        Col("team_name", "VARCHAR"),
        Col("cost_center", "VARCHAR"),
        Col("manager_email", "VARCHAR"),
    ),
    natural_key=("person_id", "valid_from"),
    rules=(
        Rule("valid_to: not after valid_from", "valid_to > valid_from"),
        Rule("email: not an address", "email like '%_@_%'"),
    ),
    looks_like=lambda name, head: (
        name.endswith(".csv") and csv_header_has(head, "person_id", "email") and not csv_header_has(head, "kind")
        and not csv_header_has(head, "outcome_id")
    ),
    supersede="snapshot",
    no_overlap=("person_id",),  # one team at a time
)
