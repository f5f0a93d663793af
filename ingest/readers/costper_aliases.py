"""costper's principal aliases CSV: who is behind an API key, workspace, login or account id, and when.
Each alias names a person or a team (exactly one); valid_to is exclusive."""

from ingest.readers._spec import Col, Rule, SourceSpec, csv_header_has

# account: an Anthropic user account id (the usage report's account_id); github_repo: owner/repo, to route the
# outcomes of a repository (AI-agent PRs, say) to a team.
ALIAS_KINDS = ("api_key", "email", "github_login", "jira_account", "linear_user", "zendesk_user", "cursor_user",
               "gateway_user", "workspace", "project", "service_account", "cloud_principal", "cloud_account", "account",
               "github_repo")  # fmt: skip

SPEC = SourceSpec(
    name="costper_aliases",
    raw_table="costper__aliases",
    description="costper principal aliases (CSV)",
    file_kind="csv",
    columns=(
        Col("kind", "VARCHAR", required=True, not_null=True),
        Col("value", "VARCHAR", required=True, not_null=True, may_hold_secret=True),  # a key pasted for its id
        Col("person_id", "VARCHAR"),
        Col("team_id", "VARCHAR"),
        Col("valid_from", "DATE", required=True, not_null=True),
        Col("valid_to", "DATE"),
        Col("note", "VARCHAR", may_hold_secret=True),
    ),
    natural_key=("kind", "value", "valid_from"),
    rules=(
        Rule("kind: unknown alias kind", f"kind in {ALIAS_KINDS}"),
        Rule("exactly one of person_id, team_id", "(person_id is null) <> (team_id is null)"),
        Rule("valid_to: not after valid_from", "valid_to > valid_from"),
    ),
    required_one_of=("person_id", "team_id"),
    looks_like=lambda name, head: name.endswith(".csv") and csv_header_has(head, "kind", "value"),
    supersede="snapshot",
)
