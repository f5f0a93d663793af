"""costper's budgets CSV: what a team, cost centre or person may spend on AI in a month, in one currency
(mart_budget_status sets each month's actual and forecast against it).

A budgets file is the whole budget of every month it holds: a newer file's rows for a month replace every older
budget row of that month, whatever its scope, so a revision replaces (never adds), a budget left out of the
revision is withdrawn, and a budget moved to another currency is not counted twice. Months the newer file does not
hold keep their budgets. Send a month's every budget when you revise one of them.
"""

from ingest.readers._spec import MONEY, Col, Rule, SourceSpec, csv_header_has
from ingest.readers.costper_invoices import INVOICE_CURRENCIES

SCOPE_KINDS = ("team", "cost_center", "person")

SPEC = SourceSpec(
    name="costper_budgets",
    raw_table="costper__budgets",
    description="costper budgets per team, cost centre or person and month (CSV)",
    file_kind="csv",
    columns=(
        # kept as compared: "Team " and "team" are one kind, " payments" and "payments" one team
        Col("scope_kind", "VARCHAR", required=True, not_null=True, cast_sql="lower(trim({}))"),
        Col("scope_id", "VARCHAR", required=True, not_null=True, cast_sql="trim({})"),
        Col(
            "month",
            "DATE",
            required=True,
            not_null=True,
            cast_sql="try_strptime(trim({}), '%Y-%m')",
            expected="a month (YYYY-MM)",
        ),
        Col("amount", MONEY, required=True, not_null=True, non_negative=True),
        # the cost lines' BillingCurrency is upper case; people write "usd" as often as "USD"
        Col("currency", "VARCHAR", required=True, not_null=True, cast_sql="upper(trim({}))"),
        # the forecast's share of the budget at which the month turns 'warning'; empty: var budget_alert_at_pct
        Col("alert_at_pct", "DECIMAL(9,4)"),
        Col("note", "VARCHAR", may_hold_secret=True),
    ),
    natural_key=("scope_kind", "scope_id", "month", "currency"),
    rules=(
        Rule("scope_kind: not team, cost_center or person", f"scope_kind in {SCOPE_KINDS}"),
        Rule("currency: unknown currency code", f"currency in {INVOICE_CURRENCIES}"),
        Rule("alert_at_pct: outside (0, 100]", "alert_at_pct > 0 and alert_at_pct <= 100"),
    ),
    looks_like=lambda name, head: (
        name.endswith(".csv") and csv_header_has(head, "scope_kind", "scope_id", "month", "amount")
    ),
    supersede="key",
    supersede_key=("month",),  # the file is the month's whole budget
    bills_money=False,
    period_start="month",  # the months the file covers, in its summary line and costper status
    period_end="month",
)
