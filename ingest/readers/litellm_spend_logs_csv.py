"""LiteLLM_SpendLogs exported as CSV (`\\copy "LiteLLM_SpendLogs" to ... csv header` from the proxy's Postgres):
the same columns as the JSON reader, into the same raw table; `metadata` and `request_tags` are JSON text in
their cells. A Postgres CSV writes `startTime` without a zone: the proxy stores UTC, and the load reads it so."""

from __future__ import annotations

from ingest.readers._spec import SourceSpec, csv_header_has
from ingest.readers.litellm_spend_logs import COLUMNS, RULES

SPEC = SourceSpec(
    name="litellm_spend_logs_csv",
    raw_table="litellm__spend_logs",
    description="LiteLLM proxy spend logs (LiteLLM_SpendLogs as CSV)",
    file_kind="csv",
    columns=COLUMNS,
    natural_key=("request_id",),
    rules=RULES,
    looks_like=lambda name, head: name.endswith(".csv") and csv_header_has(head, "request_id", "spend", "startTime"),
    supersede="key",
    period_start="start_time",
    period_end="start_time",
    bills_money=False,
)
