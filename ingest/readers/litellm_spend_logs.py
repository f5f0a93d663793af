"""LiteLLM proxy spend logs (the `LiteLLM_SpendLogs` table): one row per request through the gateway, exported
as JSON (the REST `/spend/logs` array, a JSON array from SQL, or JSON Lines). `spend` is LiteLLM's own estimate
in dollars from its model price map (a Float column, so a JSON number: the load path re-reads it from its text),
not an invoice: the provider's bill is the truth, so the lines built from it are estimated. `metadata` and
`request_tags` are kept whole as JSON: they carry the caller's attribution (PR and ticket keys, key and team
aliases), which staging reads."""

from __future__ import annotations

from ingest.readers._json_layout import json_array_records
from ingest.readers._spec import MONEY, TIMESTAMP, TOKENS, Col, Rule, SourceSpec, has_json_key

# the columns of LiteLLM_SpendLogs (litellm/proxy/schema.prisma) that costper reads; the rest (messages,
# response, proxy_server_request: prompt text when store_prompts_in_spend_logs is on) stays in _extra, redacted
COLUMNS = (
    Col("request_id", "VARCHAR", required=True, not_null=True),
    Col("call_type", "VARCHAR"),
    Col("api_key", "VARCHAR"),  # the hashed virtual key, never the key itself
    Col("spend", MONEY, required=True, not_null=True, non_negative=True),
    Col("total_tokens", TOKENS, non_negative=True),
    Col("prompt_tokens", TOKENS, non_negative=True),
    Col("completion_tokens", TOKENS, non_negative=True),
    Col("start_time", TIMESTAMP, path="startTime", required=True, not_null=True),
    Col("end_time", TIMESTAMP, path="endTime"),
    Col("completion_start_time", TIMESTAMP, path="completionStartTime"),
    Col("request_duration_ms", "BIGINT"),
    Col("model", "VARCHAR"),
    Col("model_id", "VARCHAR"),
    Col("model_group", "VARCHAR"),
    Col("custom_llm_provider", "VARCHAR"),
    Col("api_base", "VARCHAR"),
    Col("user_id", "VARCHAR", path="user"),
    Col("team_id", "VARCHAR"),
    Col("organization_id", "VARCHAR"),
    Col("end_user", "VARCHAR"),
    Col("metadata", "JSON", shape="JSON"),
    Col("request_tags", "JSON", shape="JSON"),
    Col("cache_hit", "VARCHAR"),
    Col("cache_key", "VARCHAR"),
    Col("session_id", "VARCHAR"),
    Col("status", "VARCHAR"),
)

RULES = (
    Rule("endTime: before startTime", "end_time >= start_time"),
    Rule("metadata: not a JSON object", "json_type(metadata) in ('OBJECT', 'NULL')"),
    # a list as the table holds it; a comma list ('a,b', the x-litellm-tags header's form) is read in staging
    Rule("request_tags: not a JSON list or text", "json_type(request_tags) in ('ARRAY', 'VARCHAR', 'NULL')"),
)


def _looks_like(_name: str, head: str) -> bool:
    return all(has_json_key(head, k) for k in ("request_id", "spend", "startTime", "call_type"))


SPEC = SourceSpec(
    name="litellm_spend_logs",
    raw_table="litellm__spend_logs",
    description="LiteLLM proxy spend logs (LiteLLM_SpendLogs rows as JSON: estimated dollars per request)",
    file_kind="json",
    records_sql=json_array_records,
    columns=COLUMNS,
    natural_key=("request_id",),
    rules=RULES,
    looks_like=_looks_like,
    # a request is an entity: a later export holding it again (overlapping windows) replaces it, never adds it
    supersede="key",
    period_start="start_time",
    period_end="start_time",
    bills_money=False,  # an estimate: a quarantined row leaves no bill short
)
