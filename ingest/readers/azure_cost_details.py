"""Azure Cost Management cost details CSV (Exports "Cost and usage details (actual|amortized)", or the Cost Details
API's report): one row per resource x meter x day, no record id.

EA and MCA spell the same columns differently (`Date` / `date`, `CostInBillingCurrency` / `costInBillingCurrency`,
`BillingCurrency` / `billingCurrencyCode`), so each column names its spellings, tried in order (Col.header_name).
EA exports write dates as M/D/YYYY and small costs in scientific notation (1.234E-05): dates are parsed from either
form here, and money is cast from its text (DuckDB reads '1.234E-05' exactly as a DECIMAL; never a double).
`Quantity` is in the meter's unit (`1K`, `1M`, `1000 Tokens`), `Tags` may be a JSON object without its braces: both
are left as written and interpreted in staging. A newer export of a billing period replaces the older rows of that
period and subscription (month-close restatements); the parts of a partitioned export add up, and a manifest's
submittedTime says which run is newer (ingest/deliveries.py).
"""

from ingest.readers._spec import MONEY, Col, Rule, SourceSpec, csv_header, currency_rule, usage_credit_rule

# ISO (2026-03-02, 2026-03-02T00:00:00.0000000Z) or EA's M/D/YYYY (3/2/2026)
_DATE = (
    "coalesce(try_cast(case when regexp_matches({0}, '^\\d{{4}}-\\d{{2}}-\\d{{2}}') then left({0}, 10) end as DATE),"
    " cast(try_strptime({0}, '%m/%d/%Y') as DATE))"
)


def _text(name: str, path: str) -> Col:
    return Col(name, "VARCHAR", path=path)


SPEC = SourceSpec(
    name="azure_cost_details",
    raw_table="azure__cost_details",
    description="Azure Cost Management cost details CSV (EA or MCA, actual or amortized)",
    file_kind="csv",
    columns=(
        Col(
            "usage_date",
            "DATE",
            path="Date|date|UsageDate|usageDate",
            required=True,
            not_null=True,
            cast_sql=_DATE,
            expected="a date (YYYY-MM-DD or M/D/YYYY)",
        ),
        Col(
            "billing_period_start",
            "DATE",
            path="BillingPeriodStartDate|billingPeriodStartDate",
            required=True,
            not_null=True,
            cast_sql=_DATE,
            expected="a date (YYYY-MM-DD or M/D/YYYY)",
        ),
        Col(
            "billing_period_end",
            "DATE",
            path="BillingPeriodEndDate|billingPeriodEndDate",
            required=True,
            not_null=True,
            cast_sql=_DATE,
            expected="a date (YYYY-MM-DD or M/D/YYYY)",
        ),
        _text("billing_account_id", "BillingAccountId|billingAccountId"),
        _text("billing_account_name", "BillingAccountName|billingAccountName"),
        _text("billing_profile_id", "BillingProfileId|billingProfileId"),
        _text("invoice_section_name", "InvoiceSectionName|invoiceSectionName"),
        _text("subscription_id", "SubscriptionId|subscriptionId|SubscriptionGuid"),
        _text("subscription_name", "SubscriptionName|subscriptionName"),
        _text("resource_group", "ResourceGroup|resourceGroupName|ResourceGroupName|resourceGroup"),
        _text("resource_id", "ResourceId|resourceId|InstanceId|instanceName"),
        _text("resource_location", "ResourceLocation|resourceLocation"),
        _text("meter_id", "MeterId|meterId"),
        Col("meter_name", "VARCHAR", path="MeterName|meterName", required=True, not_null=True),
        _text("meter_category", "MeterCategory|meterCategory"),
        _text("meter_sub_category", "MeterSubCategory|meterSubCategory"),
        _text("meter_region", "MeterRegion|meterRegion"),
        _text("product_name", "ProductName|productName|Product|product"),
        _text("consumed_service", "ConsumedService|consumedService"),
        _text("service_family", "ServiceFamily|serviceFamily"),
        Col("quantity", MONEY, path="Quantity|quantity"),
        _text("unit_of_measure", "UnitOfMeasure|unitOfMeasure"),
        Col("effective_price", MONEY, path="EffectivePrice|effectivePrice"),
        Col("unit_price", MONEY, path="UnitPrice|unitPrice"),
        # billed money in the billing currency; negative is a refund or credit
        Col(
            "cost_in_billing_currency",
            MONEY,
            path="CostInBillingCurrency|costInBillingCurrency|Cost|cost",
            required=True,
            not_null=True,
        ),
        Col(
            "billing_currency",
            "VARCHAR",
            required=True,
            not_null=True,
            path="BillingCurrencyCode|billingCurrencyCode|BillingCurrency|billingCurrency",
        ),
        Col("cost_in_usd", MONEY, path="CostInUsd|costInUsd|CostInUSD"),
        _text("pricing_model", "PricingModel|pricingModel"),
        _text("charge_type", "ChargeType|chargeType"),
        _text("publisher_type", "PublisherType|publisherType"),
        _text("publisher_name", "PublisherName|publisherName"),
        _text("benefit_name", "BenefitName|benefitName|ReservationName|reservationName"),
        # the resource's tags as the export wrote them: JSON, or JSON without its braces (repaired in staging)
        Col("tags", "VARCHAR", path="Tags|tags", may_hold_secret=True),
    ),
    # no line id: a line is its day, account, resource, meter, pricing, publisher, tags and money. Azure writes two
    # lines of one resource, meter and day when the tags changed during the day, a Marketplace publisher or invoice
    # section differs, or the usage crossed a price tier (another EffectivePrice): all real, none a duplicate
    natural_key=(
        "usage_date",
        "billing_period_start",
        "billing_account_id",
        "billing_profile_id",
        "invoice_section_name",
        "subscription_id",
        "resource_group",
        "resource_id",
        "resource_location",
        "meter_id",
        "meter_name",
        "product_name",
        "unit_of_measure",
        "pricing_model",
        "charge_type",
        "benefit_name",
        "publisher_type",
        "publisher_name",
        "tags",
        "quantity",
        "effective_price",
        "unit_price",
        "cost_in_billing_currency",
        "billing_currency",
    ),
    rules=(
        currency_rule("billing_currency", "BillingCurrencyCode"),
        Rule("BillingPeriodEndDate: before its start", "billing_period_end >= billing_period_start"),
        usage_credit_rule("cost_in_billing_currency", "lower(charge_type) = 'usage'", "charge_type"),
    ),
    # CSV, or gzip-compressed CSV (a partitioned export's part_0_0001.csv.gz)
    # Cost Management exports write CSV, gzipped CSV or Parquet (the load path reads Parquet's columns as text)
    looks_like=lambda name, head: name.endswith((".csv", ".csv.gz", ".parquet")) and _looks_like_cost_details(
        csv_header(head)
    ),
    supersede="period",
    # a restatement replaces the period of the subscriptions (and billing account) it holds
    restatement_scope=("billing_account_id", "subscription_id"),
    period_start="billing_period_start",
    period_end="billing_period_end",
    delivered_in_parts=True,  # a partitioned export: part files and a manifest.json (ingest/deliveries.py)
)


def _looks_like_cost_details(header: list[str]) -> bool:
    has = set(header)
    return (
        bool(has & {"MeterName", "meterName"})
        and bool(has & {"CostInBillingCurrency", "costInBillingCurrency"})
        and bool(has & {"Date", "date", "UsageDate", "usageDate"})
    )
