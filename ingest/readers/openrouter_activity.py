"""OpenRouter activity (GET /api/v1/activity, management key): `{"data": [...]}`, one row per UTC day x model x
endpoint for the last 30 completed days. `usage` is the credits OpenRouter charged, in dollars: billed money,
not an estimate (a JSON number, re-read from its text by the load path). `byok_usage_inference` is what the
requests cost on the company's own provider key: the provider bills that, so it is kept but never billed here."""

from __future__ import annotations

from ingest.readers._json_layout import JsonLayout
from ingest.readers._spec import MONEY, TIMESTAMP, TOKENS, Col, SourceSpec, json_keys_in_head

SPEC = SourceSpec(
    name="openrouter_activity",
    raw_table="openrouter__activity",
    description="OpenRouter activity pages (credits in dollars per day, model and endpoint)",
    file_kind="json",
    records_sql=JsonLayout("data"),
    columns=(
        # 'YYYY-MM-DD', a UTC day: read as its midnight UTC
        Col("activity_date", TIMESTAMP, path="date", required=True, not_null=True),
        Col("model", "VARCHAR", required=True, not_null=True),
        Col("model_permaslug", "VARCHAR"),
        Col("endpoint_id", "VARCHAR"),
        Col("provider_name", "VARCHAR"),
        Col("usage", MONEY, required=True, not_null=True, non_negative=True),
        Col("byok_usage_inference", MONEY, non_negative=True),
        Col("requests", "BIGINT", non_negative=True),
        Col("prompt_tokens", TOKENS, non_negative=True),
        Col("completion_tokens", TOKENS, non_negative=True),
        Col("reasoning_tokens", TOKENS, non_negative=True),
    ),
    natural_key=("activity_date", "model", "model_permaslug", "endpoint_id", "provider_name"),
    looks_like=json_keys_in_head("data", "model_permaslug", "byok_usage_inference"),
    # the API returns a rolling 30 days: a later pull holds the same day x endpoint again and replaces it
    supersede="key",
    period_start="activity_date",
    period_end="activity_date",
)
