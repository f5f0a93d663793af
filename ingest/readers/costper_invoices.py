"""costper's invoices CSV: the provider's invoice totals, one row per provider, billing account and month, that
finance reconciles the cost exports against (mart_finance_invoice_reconciliation).

`amount` is the invoice's amount before tax and after the credits it applied: what the provider's billed cost
lines of that month sum to. `credits` (a positive amount, already taken off `amount`) and `tax` (not in `amount`;
cost exports carry none) are shown beside it. A newer file's row for the same provider, account and month
replaces the older one (a corrected invoice); rows of other months and accounts stay.
"""

from ingest.readers._spec import CURRENCY_CODES, MONEY, Col, Rule, SourceSpec, csv_header_has

# an invoice prints its currency as an ISO code, upper case
INVOICE_CURRENCIES = tuple(code for code in CURRENCY_CODES if code.isupper())

# lower(ProviderName) of the cost lines an invoice is reconciled with: provider APIs, clouds (FOCUS, CUR, Azure, GCP)
# and AI tools billed per user
INVOICE_PROVIDERS = ("anthropic", "openai", "aws", "microsoft", "google", "github", "cursor", "openrouter")

SPEC = SourceSpec(
    name="costper_invoices",
    raw_table="costper__invoices",
    description="costper provider invoice totals (CSV)",
    file_kind="csv",
    columns=(
        # kept as compared (the key, and lower(ProviderName) of the cost lines): "OpenAI" and "openai " are one
        Col("provider", "VARCHAR", required=True, not_null=True, cast_sql="lower(trim({}))"),
        Col("billing_account", "VARCHAR", required=True, not_null=True, cast_sql="trim({})"),
        # YYYY-MM as the first day of the month; a day (2026-10-05) or another spelling is not a month
        Col(
            "month",
            "DATE",
            required=True,
            not_null=True,
            cast_sql="try_strptime(trim({}), '%Y-%m')",
            expected="a month (YYYY-MM)",
        ),
        Col("currency", "VARCHAR", required=True, not_null=True),
        Col("amount", MONEY, required=True, not_null=True),
        Col("invoice_id", "VARCHAR"),
        Col("credits", MONEY, non_negative=True),
        Col("tax", MONEY),
    ),
    natural_key=("provider", "billing_account", "month"),
    rules=(
        Rule("currency: unknown currency code", f"currency in {INVOICE_CURRENCIES}"),
        Rule(f"provider: unknown provider ({', '.join(INVOICE_PROVIDERS)})", f"provider in {INVOICE_PROVIDERS}"),
    ),
    looks_like=lambda name, head: (
        name.endswith(".csv") and csv_header_has(head, "provider", "billing_account", "month")
    ),
    supersede="key",
    period_start="month",  # the months the file covers, in its summary line and costper status
    period_end="month",
)
