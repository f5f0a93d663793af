"""Cursor dashboard usage CSV (Usage -> Export; undocumented). One row per model call. The header varies by version
(older exports lack the Cloud Agent / Automation ids, or give `Requests` instead of `Cost`), so columns are found by
name and all but Date are optional. `Cost` is dollars as "0.49" or "$0.32", or a word: "Included" and "Free" bill
nothing (0, not an error); anything else quarantines the row."""

from ingest.readers._spec import MONEY, TIMESTAMP, TOKENS, Col, Rule, SourceSpec, csv_header, csv_header_has

# "$0.32" -> 0.32, "Included" / "Free" / "-" -> 0; the original text is kept in cost_text
COST_TEXT = (
    "case when lower(trim({0})) in ('included', 'free', '-') then '0' "
    "else replace(replace(trim({0}), '$', ''), ',', '') end"
)


def _looks_like(name: str, head: str) -> bool:
    header = csv_header(head)
    return (name.endswith(".csv") and csv_header_has(head, "Date", "Model", "Kind")
            and ("Cost" in header or "Requests" in header))  # fmt: skip


def _tokens(name: str, header: str) -> Col:
    return Col(name, TOKENS, path=header, non_negative=True)


SPEC = SourceSpec(
    name="cursor_usage_csv",
    raw_table="cursor__usage_csv",
    description="Cursor dashboard usage export (CSV)",
    file_kind="csv",
    columns=(
        Col("event_at", TIMESTAMP, path="Date", required=True, not_null=True),
        Col("user_email", "VARCHAR", path="User"),
        Col("cloud_agent_id", "VARCHAR", path="Cloud Agent ID"),
        Col("automation_id", "VARCHAR", path="Automation ID"),
        Col("kind", "VARCHAR", path="Kind"),
        Col("model", "VARCHAR", path="Model"),
        Col("max_mode", "VARCHAR", path="Max Mode"),
        _tokens("input_with_cache_write_tokens", "Input (w/ Cache Write)"),
        _tokens("input_without_cache_write_tokens", "Input (w/o Cache Write)"),
        _tokens("cache_read_tokens", "Cache Read"),
        _tokens("output_tokens", "Output Tokens"),
        _tokens("total_tokens", "Total Tokens"),
        Col("cost_text", "VARCHAR", path="Cost"),
        Col("cost", MONEY, path="Cost", cast_sql=COST_TEXT, expected='dollars ("0.49", "$0.32") or Included/Free'),
        Col("requests", MONEY, path="Requests"),
    ),
    natural_key=("event_at", "user_email", "cloud_agent_id", "automation_id", "kind", "model", "max_mode",
                 "input_with_cache_write_tokens", "input_without_cache_write_tokens", "cache_read_tokens",
                 "output_tokens", "cost_text", "requests"),
    rules=(
        Rule("Cost: negative", "cost >= 0"),
        Rule("Cost: missing value", "cost_text is not null or requests is not null"),
        Rule("Input (w/o Cache Write): more than Input (w/ Cache Write)",
             "input_without_cache_write_tokens <= input_with_cache_write_tokens"),
    ),
    required_one_of=("Cost", "Requests"),
    looks_like=_looks_like,
    supersede="key",  # events: an overlapping export holds the same rows again
    period_start="event_at",
    billed_amount_paths=("Cost",),
)
