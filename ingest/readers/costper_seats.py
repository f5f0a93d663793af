"""costper's seats CSV: one row per seat per stretch, for per-user AI tools billed as a fee per seat (Copilot,
Cursor, Claude and ChatGPT team plans). seat_cost is the fee per billing_period (monthly, or annual) in currency;
valid_to is exclusive, empty means still held. Staging amortises each fee per person-day (int_cost__seat_lines)."""

from ingest.readers._spec import MONEY, Col, Rule, SourceSpec, csv_header_has, currency_rule

SPEC = SourceSpec(
    name="costper_seats",
    raw_table="costper__seats",
    description="costper seats (CSV: vendor, product, email, seat_cost, currency, valid_from, ...)",
    file_kind="csv",
    columns=(
        Col("vendor", "VARCHAR", required=True, not_null=True),
        Col("product", "VARCHAR", required=True, not_null=True),
        Col("email", "VARCHAR", required=True, not_null=True),
        Col("seat_cost", MONEY, required=True, not_null=True, non_negative=True),
        Col("currency", "VARCHAR", required=True, not_null=True),
        Col("valid_from", "DATE", required=True, not_null=True),
        Col("valid_to", "DATE"),
        Col("billing_period", "VARCHAR"),
        Col("plan", "VARCHAR"),
        Col("note", "VARCHAR", may_hold_secret=True),
    ),
    natural_key=("vendor", "product", "email", "valid_from"),
    rules=(
        currency_rule("currency", "currency"),
        Rule("billing_period: not monthly or annual", "lower(trim(billing_period)) in ('monthly', 'annual')"),
        Rule("valid_to: not after valid_from", "valid_to > valid_from"),
        Rule("email: not an address", "email like '%_@_%'"),
    ),
    looks_like=lambda name, head: name.endswith(".csv") and csv_header_has(head, "seat_cost", "email"),
    supersede="snapshot",  # the file is every seat
    no_overlap=("vendor", "product", "email"),  # one seat of a product per person at a time
    bills_money=False,  # a snapshot: a bad row refuses the file (directory.py), nothing is quarantined
)
