"""FOCUS 1.0 to 1.3 cost and usage files (CSV or Parquet): the cloud bill of AWS, Azure, GCP, OCI and SaaS vendors.

Columns are mapped by name, so every version loads: a column a version lacks (PricingCurrency before 1.2,
ServiceProviderName before 1.3) is null, and a column this reader does not know (the 1.0 sample's `Id`, any x_
vendor column) is kept in _extra. Every row of a FOCUS file is a line of a whole cloud bill and loads, AI or not;
which lines are AI spend is decided in staging (seeds/focus_ai_services.csv). Money is read from its text (the 1.0
sample writes up to 11 decimals, real exports up to 14) and rounded once to the kept 12 (money_scale.py).

A provider re-delivers a billing period until it closes: a newer file of a billing period replaces the older
rows of that period for the (BillingAccountId, SubAccountId) pairs it holds (supersede 'period' on
BillingPeriodStart); the parts of one delivery add up (ingest/deliveries.py).
"""

from ingest.readers._spec import (
    CREDIT_WORDS,
    MONEY,
    TIMESTAMP,
    Col,
    Rule,
    SourceSpec,
    csv_header,
    currency_rule,
)

_TEXT = (
    "BillingAccountId", "BillingAccountName", "BillingAccountType", "SubAccountId", "SubAccountName",
    "SubAccountType", "InvoiceId", "InvoiceIssuerName", "ProviderName", "PublisherName", "ServiceProviderName",
    "HostProviderName", "ChargeClass", "ChargeDescription", "ChargeFrequency", "PricingCategory", "PricingUnit",
    "PricingCurrency", "ConsumedUnit", "ServiceName", "ServiceCategory", "ServiceSubcategory", "SkuId", "SkuMeter",
    "SkuPriceId", "SkuPriceDetails", "ResourceId", "ResourceName", "ResourceType", "RegionId", "RegionName",
    "AvailabilityZone", "CommitmentDiscountId", "CommitmentDiscountName", "CommitmentDiscountCategory",
    "CommitmentDiscountType", "CommitmentDiscountStatus", "CommitmentDiscountUnit", "CapacityReservationId",
    "CapacityReservationStatus", "ContractApplied", "AllocatedMethodId", "AllocatedMethodDetails",
    "AllocatedResourceId", "AllocatedResourceName", "AllocatedTags", "Tags",
)  # fmt: skip
# Prices and quantities: DECIMAL(38,12) like money, read from their text (more decimals round once, and load)
_NUMBERS = (
    "EffectiveCost", "ListCost", "ContractedCost", "ListUnitPrice", "ContractedUnitPrice",
    "PricingCurrencyEffectiveCost", "PricingCurrencyListUnitPrice", "PricingCurrencyContractedUnitPrice",
    "ConsumedQuantity", "PricingQuantity", "CommitmentDiscountQuantity",
)  # fmt: skip
CHARGE_CATEGORIES = ("Usage", "Purchase", "Tax", "Credit", "Adjustment")

# Negative billed money is a credit, refund, correction or adjustment and loads; on a usage line for positive
# consumption it is impossible, unless the line's own text says it is a credit (README "Bad input"). A usage
# line that gives back consumption (negative ConsumedQuantity, Azure's refunds in the 1.0 sample) may be negative.
_NEGATIVE_ALLOWED = (
    "BilledCost >= 0 or ChargeCategory in ('Credit', 'Adjustment') or coalesce(ChargeClass, '') = 'Correction'"
    " or not coalesce(ConsumedQuantity > 0 or PricingQuantity > 0, false)"
    f" or regexp_matches(lower(coalesce(ChargeDescription, '')), '{CREDIT_WORDS}')"
)

# FOCUS has no line id: a line is its account, period, charge, SKU price, resource, tags and money; columns
# the reader does not know (Id, x_...) are part of the key too (unique_key), so no two real lines collide
NATURAL_KEY = (
    "BillingAccountId", "SubAccountId", "InvoiceId", "ChargePeriodStart", "ChargePeriodEnd", "ChargeCategory",
    "ChargeClass", "ChargeDescription", "ChargeFrequency", "ServiceName", "SkuId", "SkuPriceId", "SkuMeter",
    "ResourceId", "RegionId", "AvailabilityZone", "PricingCategory", "CommitmentDiscountId",
    "CommitmentDiscountStatus", "CapacityReservationId", "AllocatedResourceId", "Tags", "BilledCost",
    "EffectiveCost", "ConsumedQuantity", "PricingQuantity", "BillingCurrency",
)  # fmt: skip


def _looks_like(name: str, head: str) -> bool:
    """A FOCUS file by its mandatory columns; costper's own FOCUS export (x_cost_line_id) is no bill to load."""
    header = csv_header(head)
    is_table = name.endswith((".csv", ".csv.gz", ".parquet"))
    focus = all(c in header for c in _DETECTED_BY)
    return is_table and focus and "x_cost_line_id" not in header


_DETECTED_BY = ("BilledCost", "BillingCurrency", "ChargePeriodStart", "BillingPeriodStart")
_KNOWN = (*_DETECTED_BY, "BillingPeriodEnd", "ChargePeriodEnd", "ChargeCategory", *_NUMBERS, *_TEXT)
NEAR_FOCUS_COLUMNS = 8  # FOCUS columns a table must have, one detecting column short, to be taken for FOCUS


def missing_focus_column(name: str, head: str) -> str | None:
    """A table that is FOCUS but for one detecting column (misspelt, dropped by an export tool): that column,
    so the file is refused naming it rather than as unrecognised; None for any other file."""
    header = csv_header(head)
    if not name.endswith((".csv", ".csv.gz")) or "x_cost_line_id" in header:
        return None
    missing = [c for c in _DETECTED_BY if c not in header]
    known = sum(c in header for c in _KNOWN)
    return missing[0] if missing and known >= NEAR_FOCUS_COLUMNS else None


SPEC = SourceSpec(
    name="focus",
    raw_table="focus__cost_lines",
    description="FOCUS 1.0-1.3 cost and usage (CSV or Parquet): a whole cloud or SaaS bill",
    file_kind="csv",
    columns=(
        Col("BillingPeriodStart", TIMESTAMP, required=True, not_null=True),
        Col("BillingPeriodEnd", TIMESTAMP, required=True, not_null=True),
        Col("ChargePeriodStart", TIMESTAMP, required=True, not_null=True),
        Col("ChargePeriodEnd", TIMESTAMP, required=True, not_null=True),
        Col("BilledCost", MONEY, required=True, not_null=True),
        Col("BillingCurrency", "VARCHAR", required=True, not_null=True),
        Col("ChargeCategory", "VARCHAR", not_null=True),
        *(Col(name, MONEY) for name in _NUMBERS),
        *(Col(name, "VARCHAR") for name in _TEXT),
    ),
    natural_key=NATURAL_KEY,
    rules=(
        Rule("ChargePeriodEnd: not after ChargePeriodStart", "ChargePeriodEnd > ChargePeriodStart"),
        Rule("BillingPeriodEnd: not after BillingPeriodStart", "BillingPeriodEnd > BillingPeriodStart"),
        currency_rule("BillingCurrency", "BillingCurrency"),
        currency_rule("PricingCurrency", "PricingCurrency"),
        Rule(f"ChargeCategory: not one of {', '.join(CHARGE_CATEGORIES)}", f"ChargeCategory in {CHARGE_CATEGORIES}"),
        Rule("BilledCost: negative on a usage charge", _NEGATIVE_ALLOWED),
    ),
    looks_like=_looks_like,
    supersede="period",
    period_start="BillingPeriodStart",
    period_end="BillingPeriodEnd",
    # the (billing account, sub account) pairs the file holds: one export per SubAccount restates only its own; a file
    # of several sub accounts of a billing account is that account's export, and restates all its sub accounts
    restatement_scope=("BillingAccountId", "SubAccountId"),
    null_text=("NULL",),
    whole_scope_when_several="SubAccountId",
    delivered_in_parts=True,
)
