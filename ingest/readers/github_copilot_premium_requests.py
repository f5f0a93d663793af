"""GitHub billing premium request usage report: `GET /organizations/{org}/settings/billing/premium_request/usage`
(and `/enterprises/{enterprise}/settings/billing/premium_request/usage`, `/users/{username}/...`), with `year`,
`month`, `day`, `user`, `model`, `product`. Docs: https://docs.github.com/en/rest/billing/usage ("Get billing premium
request usage report for an organization"); the response struct is go-github's PremiumRequestUsageReport
(github/billing.go, google/go-github#3751).

A page is `{timePeriod {year, month?, day?}, organization | enterprise, user?, product?, model?, usageItems[]}`;
the items carry no date: the envelope's timePeriod is the charge period of every item (a day, a month, or a year
when only `year` was asked). Each item `{product, sku, model, unitType, pricePerUnit, grossQuantity, grossAmount,
discountQuantity, discountAmount, netQuantity, netAmount}` is a billed line in dollars: gross is the list cost,
net (gross - discount: the included allowance) is what is billed. Money and quantities are JSON numbers, re-read
exactly by the load path (exact_money.py). A report asked `?user=` is one person's lines; without it they are the
organisation's. int_cost__copilot_premium_request_lines says which lines win over the general billing usage
report (github_copilot_usage), which also holds premium requests."""

from ingest.readers._envelope_layout import EnvelopeLayout
from ingest.readers._spec import MONEY, TIMESTAMP, Col, Rule, SourceSpec, has_json_key, usage_credit_rule

# the period as ISO text, so that a date that does not exist (February 30) fails the cast and quarantines the row
_START = ("case when _ctx_period_year is not null then concat(lpad(_ctx_period_year, 4, '0'), '-', "
          "lpad(coalesce(_ctx_period_month, '1'), 2, '0'), '-', lpad(coalesce(_ctx_period_day, '1'), 2, '0'), "
          "'T00:00:00Z') end")  # fmt: skip
_END = (f"try_cast({_START} as TIMESTAMPTZ) + case when _ctx_period_day is not null then interval 1 day "
        "when _ctx_period_month is not null then interval 1 month else interval 1 year end")  # fmt: skip
# what the page's timePeriod names: a day, a month, or (only `year` asked) a year
_GRAIN = ("case when _ctx_period_day is not null then 'day' when _ctx_period_month is not null then 'month' "
          "when _ctx_period_year is not null then 'year' end")  # fmt: skip

# what the page says once for all its items: the period asked for, and whose report it is (?user=, ?model=, ...)
_ENVELOPE = (
    ("period_year", "timePeriod.year"), ("period_month", "timePeriod.month"), ("period_day", "timePeriod.day"),
    ("organization", "organization"), ("enterprise", "enterprise"), ("user", "user"),
    ("product", "product"), ("model", "model"),
)  # fmt: skip


def _looks_like(_name: str, head: str) -> bool:
    return has_json_key(head, "usageItems") and has_json_key(head, "timePeriod")


SPEC = SourceSpec(
    name="github_copilot_premium_requests",
    raw_table="github__copilot_premium_requests",
    description="GitHub premium request usage report pages (timePeriod envelope, usageItems[] by model)",
    file_kind="json",
    records_sql=EnvelopeLayout("usageItems", envelope=_ENVELOPE),
    columns=(
        Col("period_year", "BIGINT", path="period_year", ctx=True, required=True, field="timePeriod.year"),
        Col("period_month", "BIGINT", path="period_month", ctx=True),
        Col("period_day", "BIGINT", path="period_day", ctx=True),
        Col("period_start", TIMESTAMP, expr=_START, expected="a valid date (timePeriod year, month, day)"),
        Col("period_end", TIMESTAMP, expr=_END),
        Col("period_grain", "VARCHAR", expr=_GRAIN),
        Col("report_organization", "VARCHAR", path="organization", ctx=True),
        Col("report_enterprise", "VARCHAR", path="enterprise", ctx=True),
        Col("report_user", "VARCHAR", path="user", ctx=True),
        Col("report_product", "VARCHAR", path="product", ctx=True),
        Col("report_model", "VARCHAR", path="model", ctx=True),
        Col("product", "VARCHAR", required=True, not_null=True),
        Col("sku", "VARCHAR", required=True, not_null=True),
        Col("model", "VARCHAR"),
        Col("unit_type", "VARCHAR", path="unitType"),
        Col("price_per_unit", MONEY, path="pricePerUnit"),
        Col("gross_quantity", MONEY, path="grossQuantity"),
        Col("gross_amount", MONEY, path="grossAmount"),
        Col("discount_quantity", MONEY, path="discountQuantity"),
        Col("discount_amount", MONEY, path="discountAmount"),
        Col("net_quantity", MONEY, path="netQuantity"),
        Col("net_amount", MONEY, path="netAmount", required=True, not_null=True),
    ),
    natural_key=(
        "period_start", "period_end", "report_organization", "report_enterprise", "report_user",
        "product", "sku", "model", "unit_type",
    ),
    rules=(
        Rule("timePeriod: day without month", "period_day is null or period_month is not null"),
        Rule("netQuantity: negative on a charge", "coalesce(net_quantity, gross_quantity) >= 0 or net_amount < 0"),
        usage_credit_rule("net_amount", "coalesce(net_quantity, gross_quantity) > 0", "sku"),
    ),
    looks_like=_looks_like,
    # a newer report of the same period replaces the older one of the same scope: a per-user (or per-model) report
    # never replaces the organisation's, nor another user's; and only a report of the same grain: a day report
    # (whose start is its month's first day, say) never replaces the month's, nor a month the day's (a day inside
    # a month report: int_cost__copilot_premium_request_lines keeps the month's line and drops the day's)
    supersede="period",
    restatement_scope=(
        "report_organization", "report_enterprise", "report_user", "report_product", "report_model", "period_grain",
    ),
    period_start="period_start",
    period_end="period_end",
)
