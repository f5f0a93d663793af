"""Anthropic Cost Report (GET /v1/organizations/cost_report). `amount` is in CENTS, as a decimal string:
it is kept to 10 decimals of a cent here and becomes dollars (* 0.01) in staging, exact at 12 decimals."""

from ingest.readers._json_layout import api_page_records
from ingest.readers._spec import (
    MONEY,
    Col,
    SourceSpec,
    bucket_columns,
    bucket_rules,
    currency_rule,
    json_keys_in_head,
    usage_credit_rule,
)

_STRINGS = ("workspace_id", "description", "cost_type", "model", "token_type",
            "service_tier", "context_window", "inference_geo")  # fmt: skip

SPEC = SourceSpec(
    name="anthropic_cost",
    raw_table="anthropic__cost_report",
    description="Anthropic Cost Report pages (billed cents per day, workspace and line item)",
    file_kind="json",
    records_sql=api_page_records("results"),
    columns=(
        *bucket_columns("bucket_starting_at", "bucket_ending_at"),
        # cents: 10 decimals of a cent are 12 of a dollar, the money type's scale. Negative is a credit, refund
        # or adjustment (FOCUS ChargeCategory Credit/Adjustment), a cost line like any other: it loads, except on a
        # line of a token type (usage_credit_rule).
        Col("amount", MONEY, required=True, not_null=True, decimals=10),
        Col("currency", "VARCHAR", required=True, not_null=True),
        *(Col(s, "VARCHAR", may_hold_secret=s == "description") for s in _STRINGS),
    ),
    natural_key=("bucket_starting_at", *_STRINGS),
    rules=(
        *bucket_rules("bucket_starting_at", "bucket_ending_at"),
        currency_rule("currency", "currency"),
        usage_credit_rule("amount", "token_type is not null", "description"),
    ),
    looks_like=json_keys_in_head("results", "amount", "cost_type"),
    supersede="period",
    restatement_scope=("workspace_id",),
    period_start="bucket_starting_at",
    period_end="bucket_ending_at",
)
