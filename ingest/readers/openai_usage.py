"""OpenAI Usage API, completions (GET /v1/organization/usage/completions). input_tokens is the TOTAL
input (cached and cache-write included); the split columns are kept as given."""

from ingest.readers._json_layout import api_page_records
from ingest.readers._spec import TOKENS, UNIX_SECONDS, Col, SourceSpec, bucket_columns, bucket_rules

_GROUPS = ("project_id", "user_id", "api_key_id", "model", "service_tier")
_TOKENS = ("input_tokens", "input_uncached_tokens", "input_cached_tokens", "input_cache_write_tokens",
           "output_tokens", "num_model_requests", "input_text_tokens", "input_cached_text_tokens",
           "output_text_tokens", "input_audio_tokens", "input_cached_audio_tokens", "output_audio_tokens",
           "input_image_tokens", "input_cached_image_tokens", "output_image_tokens")  # fmt: skip

SPEC = SourceSpec(
    name="openai_usage",
    raw_table="openai__usage_completions",
    description="OpenAI Usage API pages for completions (tokens per bucket, project, key, model)",
    file_kind="json",
    records_sql=api_page_records("results"),
    columns=(
        *bucket_columns("bucket_start_time", "bucket_end_time", UNIX_SECONDS),
        Col("object", "VARCHAR"),
        *(Col(g, "VARCHAR") for g in _GROUPS),
        Col("batch", "BOOLEAN"),
        *(Col(t, TOKENS, non_negative=True, required=t in ("input_tokens", "output_tokens")) for t in _TOKENS),
    ),
    natural_key=("bucket_start_time", *_GROUPS, "batch"),
    rules=(*bucket_rules("bucket_start_time", "bucket_end_time"),),
    looks_like=lambda _name, head: "organization.usage.completions.result" in head,
    supersede="period",
    restatement_scope=("project_id",),
    null_scope_is_ungrouped=True,
    period_start="bucket_start_time",
    period_end="bucket_end_time",
)
