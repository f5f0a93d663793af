"""Anthropic Usage Report (GET /v1/organizations/usage_report/messages): token counts, no money."""

from ingest.readers._json_layout import api_page_records
from ingest.readers._spec import (
    TOKENS,
    Col,
    SourceSpec,
    bucket_columns,
    bucket_rules,
    json_keys_in_head,
)

_GROUPS = ("api_key_id", "workspace_id", "account_id", "service_account_id", "model",
           "service_tier", "context_window", "inference_geo", "speed")  # fmt: skip
_TOKENS = ("uncached_input_tokens", "cache_read_input_tokens",
           "cache_creation.ephemeral_5m_input_tokens", "cache_creation.ephemeral_1h_input_tokens",
           "output_tokens", "server_tool_use.web_search_requests")  # fmt: skip

SPEC = SourceSpec(
    name="anthropic_usage",
    raw_table="anthropic__usage_report",
    description="Anthropic Usage Report pages (tokens per bucket, API key, workspace, model)",
    file_kind="json",
    records_sql=api_page_records("results"),
    columns=(
        *bucket_columns("bucket_starting_at", "bucket_ending_at"),
        *(Col(g, "VARCHAR") for g in _GROUPS),
        *(Col(t.replace(".", "_"), TOKENS, path=t, non_negative=True) for t in _TOKENS),
    ),
    natural_key=("bucket_starting_at", *_GROUPS),
    rules=(*bucket_rules("bucket_starting_at", "bucket_ending_at"),),
    looks_like=json_keys_in_head("results", "uncached_input_tokens"),
    supersede="period",
    restatement_scope=("workspace_id",),
    period_start="bucket_starting_at",
    period_end="bucket_ending_at",
)
