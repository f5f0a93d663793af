"""GitHub billing usage report (GET /organizations/{org}/settings/billing/usage and the enterprise and AI-credit
variants; the premium request report, dated by its page's timePeriod, is github_copilot_premium_requests):
`usageItems[]` in camelCase, one row per day, product, SKU (and model, repository, user where the report
is that detailed). Money is dollars: premium requests at pricePerUnit, AI credits (since 2026-06-01) at $0.01 each;
netAmount = grossAmount - discountAmount is what is billed. JSON numbers, so re-read exactly (exact_money.py)."""

from ingest.readers._json_layout import JsonLayout
from ingest.readers._spec import MONEY, TIMESTAMP, Col, Rule, SourceSpec, has_json_key, usage_credit_rule

# A usage item is one UTC day; its end is the next day, so a newer report of the same days restates them.
_DAY_END = "try_cast(j.\"date\" as TIMESTAMPTZ) + interval 1 day"


def _looks_like(_name: str, head: str) -> bool:
    # the premium request report has usageItems too, dated by its page's timePeriod: its own reader's
    return has_json_key(head, "usageItems") and has_json_key(head, "sku") and not has_json_key(head, "timePeriod")


SPEC = SourceSpec(
    name="github_copilot_usage",
    raw_table="github__copilot_usage",
    description="GitHub billing usage report pages (usageItems[]: Copilot premium requests, AI credits, ...)",
    file_kind="json",
    records_sql=JsonLayout("usageItems"),
    columns=(
        Col("usage_date", TIMESTAMP, path="date", required=True, not_null=True),
        Col("usage_date_end", TIMESTAMP, expr=_DAY_END),
        Col("product", "VARCHAR", required=True, not_null=True),
        Col("sku", "VARCHAR", required=True, not_null=True),
        Col("model", "VARCHAR"),
        Col("quantity", MONEY),
        Col("gross_quantity", MONEY, path="grossQuantity"),
        Col("discount_quantity", MONEY, path="discountQuantity"),
        Col("net_quantity", MONEY, path="netQuantity"),
        Col("unit_type", "VARCHAR", path="unitType"),
        Col("price_per_unit", MONEY, path="pricePerUnit"),
        Col("gross_amount", MONEY, path="grossAmount"),
        Col("discount_amount", MONEY, path="discountAmount"),
        Col("net_amount", MONEY, path="netAmount", required=True, not_null=True),
        Col("organization_name", "VARCHAR", path="organizationName"),
        Col("repository_name", "VARCHAR", path="repositoryName"),
        Col("username", "VARCHAR"),
        Col("cost_center_name", "VARCHAR", path="costCenterName"),
    ),
    natural_key=("usage_date", "product", "sku", "model", "organization_name", "repository_name", "username",
                 "unit_type"),
    rules=(
        Rule("quantity: negative on a charge", "coalesce(quantity, net_quantity) >= 0 or net_amount < 0"),
        usage_credit_rule("net_amount", "coalesce(quantity, net_quantity) > 0", "sku"),
    ),
    looks_like=_looks_like,
    supersede="period",
    restatement_scope=("organization_name",),
    null_scope_is_ungrouped=True,
    period_start="usage_date",
    period_end="usage_date_end",
)
