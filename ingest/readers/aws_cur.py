"""AWS Cost and Usage Report 2.0 (Data Exports "Standard data export", CSV; snake_case columns).

A CUR export is a whole cloud bill: every line loads (EC2, S3, tax, credits), and dbt decides which are AI
(Bedrock and the Marketplace "Amazon Bedrock Edition" models). The `product` and `resource_tags` maps are
written as JSON text in CSV and are kept as JSON. AWS rewrites a billing period's files on every refresh, so
a newer export of a billing period replaces that period (supersede 'period' on bill_billing_period_start_date) for
the (payer, usage account) pairs it holds, and the parts of one delivery add up (ingest/deliveries.py). The
hundreds of other CUR columns (reservation_*, savings_plan_*, split_line_item_*, ...) are kept in _extra.
"""

from ingest.readers._spec import (
    MONEY,
    TIMESTAMP,
    Col,
    Rule,
    SourceSpec,
    csv_header_has,
    currency_rule,
    usage_credit_rule,
)

# Line item types that bill usage consumed: negative money on them is impossible (a credit or refund has its own
# type), unless the line's description says it is a refund
_USAGE_TYPES = "('Usage', 'SavingsPlanCoveredUsage', 'DiscountedUsage')"

SPEC = SourceSpec(
    name="aws_cur",
    raw_table="aws__cur_lines",
    description="AWS Cost and Usage Report 2.0 (Data Exports, CSV): every line of the bill",
    file_kind="csv",
    columns=(
        Col("bill_billing_period_start_date", TIMESTAMP, required=True, not_null=True),
        Col("bill_billing_period_end_date", TIMESTAMP, required=True, not_null=True),
        Col("bill_payer_account_id", "VARCHAR", required=True, not_null=True),
        Col("bill_billing_entity", "VARCHAR"),  # AWS | AWS Marketplace
        Col("bill_invoice_id", "VARCHAR"),
        Col("identity_line_item_id", "VARCHAR"),
        Col("identity_time_interval", "VARCHAR"),
        Col("line_item_usage_start_date", TIMESTAMP, required=True, not_null=True),
        Col("line_item_usage_end_date", TIMESTAMP, required=True, not_null=True),
        Col("line_item_usage_account_id", "VARCHAR", required=True, not_null=True),
        Col("line_item_line_item_type", "VARCHAR", required=True, not_null=True),
        Col("line_item_product_code", "VARCHAR", required=True),
        Col("line_item_usage_type", "VARCHAR", required=True),  # empty on tax and some credit lines
        Col("line_item_operation", "VARCHAR"),
        Col("line_item_line_item_description", "VARCHAR"),
        Col("line_item_resource_id", "VARCHAR"),
        Col("line_item_iam_principal", "VARCHAR"),  # opt-in (INCLUDE_IAM_PRINCIPAL_DATA), data from 2026-04-08
        Col("line_item_legal_entity", "VARCHAR"),
        # quantity in the pricing unit (tokens, 1K or 1M tokens, hours, GB-months): fractional
        Col("line_item_usage_amount", MONEY),
        Col("line_item_currency_code", "VARCHAR", required=True, not_null=True),
        Col("line_item_unblended_cost", MONEY, required=True, not_null=True),
        Col("line_item_net_unblended_cost", MONEY),
        Col("pricing_public_on_demand_cost", MONEY),
        Col("pricing_unit", "VARCHAR"),
        Col("product_product_family", "VARCHAR"),
        Col("product_servicecode", "VARCHAR"),
        Col("product", "JSON"),  # the product map: product_name, servicename, model, provider, inference_type, ...
        Col("resource_tags", "JSON"),  # activated cost-allocation tags, keys prefixed user_ (or aws_)
    ),
    natural_key=(
        "bill_payer_account_id", "identity_line_item_id", "identity_time_interval", "line_item_usage_account_id",
        "line_item_line_item_type", "line_item_product_code", "line_item_usage_type", "line_item_operation",
        "line_item_resource_id", "line_item_usage_start_date", "line_item_usage_end_date",
        "line_item_line_item_description",
    ),
    rules=(
        Rule("billing period ends after it starts", "bill_billing_period_end_date > bill_billing_period_start_date"),
        Rule("usage ends before it starts", "line_item_usage_end_date >= line_item_usage_start_date"),
        Rule(
            "line_item_usage_start_date: outside the billing period",
            "line_item_usage_start_date >= bill_billing_period_start_date"
            " and line_item_usage_start_date < bill_billing_period_end_date",
        ),
        currency_rule("line_item_currency_code", "line_item_currency_code"),
        usage_credit_rule(
            "line_item_unblended_cost", f"line_item_line_item_type in {_USAGE_TYPES}", "line_item_line_item_description"
        ),
    ),
    looks_like=lambda _name, head: csv_header_has(
        head, "bill_billing_period_start_date", "line_item_usage_type", "line_item_unblended_cost"
    ),
    supersede="period",
    period_start="bill_billing_period_start_date",
    period_end="bill_billing_period_end_date",
    # the (payer, usage account) pairs the file holds: a member account's own export restates only its lines; a file of
    # several usage accounts is the payer's export, and restates every usage account of its payer
    restatement_scope=("bill_payer_account_id", "line_item_usage_account_id"),
    whole_scope_when_several="line_item_usage_account_id",
    delivered_in_parts=True,
)
