"""OpenAI Costs API (GET /v1/organization/costs). amount.value is dollars; the spec says number, live
responses send a decimal string: both are read through their text, never through a double."""

from ingest.readers._json_layout import api_page_records
from ingest.readers._spec import (
    MONEY,
    UNIX_SECONDS,
    Col,
    Rule,
    SourceSpec,
    bucket_columns,
    bucket_rules,
    currency_rule,
    usage_credit_rule,
)

SPEC = SourceSpec(
    name="openai_costs",
    raw_table="openai__costs",
    description="OpenAI Costs API pages (billed dollars per day, project, line item, key)",
    file_kind="json",
    records_sql=api_page_records("results"),
    columns=(
        *bucket_columns("bucket_start_time", "bucket_end_time", UNIX_SECONDS),
        Col("object", "VARCHAR"),
        # negative is a credit, refund or adjustment and loads, except on a charge for usage (usage_credit_rule)
        Col("amount_value", MONEY, path="amount.value", required=True, not_null=True),
        Col("amount_currency", "VARCHAR", path="amount.currency", required=True, not_null=True),
        Col("line_item", "VARCHAR"),
        Col("project_id", "VARCHAR"),
        Col("api_key_id", "VARCHAR"),
        Col("quantity", MONEY),
        Col("quantity_unit", "VARCHAR"),
    ),
    natural_key=("bucket_start_time", "line_item", "project_id", "api_key_id"),
    rules=(
        *bucket_rules("bucket_start_time", "bucket_end_time"),
        currency_rule("amount_currency", "amount.currency"),
        # a refund may give back usage (negative amount and quantity); a charge for negative usage is impossible
        Rule("quantity: negative on a charge", "quantity >= 0 or amount_value < 0"),
        usage_credit_rule("amount_value", "quantity > 0", "line_item"),
    ),
    looks_like=lambda _name, head: "organization.costs.result" in head,
    supersede="period",
    restatement_scope=("project_id",),
    null_scope_is_ungrouped=True,
    period_start="bucket_start_time",
    period_end="bucket_end_time",
)
