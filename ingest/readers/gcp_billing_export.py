"""GCP Cloud Billing export rows as BigQuery exports them (standard or detailed table, JSON Lines or a JSON array):
one row per hour x project x service x SKU x labels, no record id.

`cost` is a FLOAT64 written as a JSON number: it is read through its text, exactly (exact_money.py), like every
money field at a record's top level. `credits[]` (negative amounts, netted into the row's net cost and kept as their
own credit lines in the models) sit in a list, which DuckDB types through a double: each credit is read into a slot
(credit_<n>_amount) from the double's shortest text, which is the exported text for any value a FLOAT64 export
writes with up to 15 significant digits. A row with more credits than slots is quarantined, never cut short.
`labels` / `project.labels` ([{key, value}]) are kept as JSON objects. A newer export of an invoice month (late rows
for an old day arrive with a later export_time) replaces the older rows of that invoice month and billing account
within the usage it covers (a whole month's export: the whole month).
"""

from ingest.readers._json_layout import json_array_records
from ingest.readers._spec import MONEY, TIMESTAMP, Col, Rule, SourceSpec, currency_rule, json_keys_in_head

CREDIT_SLOTS = 6
_LABELS = [{"key": "VARCHAR", "value": "VARCHAR"}]
_CREDIT = {"name": "VARCHAR", "amount": "VARCHAR", "full_name": "VARCHAR", "id": "VARCHAR", "type": "VARCHAR"}


def _labels_object(path: str) -> str:
    """[{key, value}] as one JSON object {key: value} (label keys are unique on a resource and on a request)."""
    return f"to_json(map_from_entries(list_transform({path}, lambda l: {{'k': l.key, 'v': l.value}})))"


def _credit_slots() -> tuple[Col, ...]:
    slots: list[Col] = []
    for n in range(1, CREDIT_SLOTS + 1):
        slots += [
            Col(f"credit_{n}_amount", MONEY, expr=f"j.credits[{n}].amount"),
            Col(f"credit_{n}_name", "VARCHAR", expr=f"j.credits[{n}].name"),
            Col(f"credit_{n}_type", "VARCHAR", expr=f"j.credits[{n}].type"),
            Col(f"credit_{n}_id", "VARCHAR", expr=f"j.credits[{n}].id"),
        ]
    return tuple(slots)


SPEC = SourceSpec(
    name="gcp_billing_export",
    raw_table="gcp__billing_export",
    description="GCP Cloud Billing export rows (BigQuery standard/detailed export as JSON Lines or JSON)",
    file_kind="json",
    records_sql=json_array_records,
    columns=(
        Col("billing_account_id", "VARCHAR", required=True, not_null=True),
        Col("service_id", "VARCHAR", path="service.id"),
        Col("service_description", "VARCHAR", path="service.description", required=True, not_null=True),
        Col("sku_id", "VARCHAR", path="sku.id"),
        Col("sku_description", "VARCHAR", path="sku.description", required=True, not_null=True),
        Col("usage_start_time", TIMESTAMP, required=True, not_null=True),
        Col("usage_end_time", TIMESTAMP, required=True, not_null=True),
        Col("project_id", "VARCHAR", path="project.id"),
        Col("project_name", "VARCHAR", path="project.name"),
        Col("project_number", "VARCHAR", path="project.number"),
        Col("project_labels", "JSON", path="project.labels", shape=_LABELS, expr=_labels_object("j.project.labels")),
        Col("labels", "JSON", path="labels", shape=_LABELS, expr=_labels_object("j.labels")),
        Col("location_location", "VARCHAR", path="location.location"),
        Col("location_region", "VARCHAR", path="location.region"),
        Col("resource_name", "VARCHAR", path="resource.name"),
        Col("resource_global_name", "VARCHAR", path="resource.global_name"),
        Col("cost", MONEY, required=True, not_null=True),
        Col("cost_at_list", MONEY),
        Col("currency", "VARCHAR", required=True, not_null=True),
        Col("currency_conversion_rate", MONEY),
        Col("usage_amount", MONEY, path="usage.amount"),
        Col("usage_unit", "VARCHAR", path="usage.unit"),
        Col("usage_amount_in_pricing_units", MONEY, path="usage.amount_in_pricing_units"),
        Col("usage_pricing_unit", "VARCHAR", path="usage.pricing_unit"),
        Col("credits", "JSON", shape=[_CREDIT]),
        *_credit_slots(),
        Col("invoice_month", "VARCHAR", path="invoice.month", required=True, not_null=True),
        Col("cost_type", "VARCHAR"),
        Col("transaction_type", "VARCHAR"),
        Col("seller_name", "VARCHAR"),
        Col("export_time", TIMESTAMP),
    ),
    natural_key=(
        "billing_account_id",
        "service_id",
        "sku_id",
        "usage_start_time",
        "usage_end_time",
        "project_id",
        "labels",
        "location_region",
        "resource_name",
        "cost_type",
        "invoice_month",
        "export_time",
        "cost",
        "usage_amount",
        "credits",
    ),
    rules=(
        currency_rule("currency", "currency"),
        Rule("usage_end_time: not after usage_start_time", "usage_end_time > usage_start_time"),
        Rule(f"credits: more than {CREDIT_SLOTS} on one row", f"json_array_length(credits) <= {CREDIT_SLOTS}"),
    ),
    looks_like=json_keys_in_head("billing_account_id", "sku", "usage_start_time"),
    supersede="period",
    # an export of an invoice month (its rows' usage may start in the month before: cross-over rows) restates the
    # usage it covers of that invoice month; the usage window is the period, so that an incremental build
    # rebuilds from the earliest usage day a file brings
    restatement_scope=("billing_account_id", "invoice_month"),
    period_start="usage_start_time",
    period_end="usage_end_time",
    delivered_in_parts=True,  # a `bq extract` over 1 GB writes shards (export-000000000000.json, ...)
    # an extract is as new as its latest row: one older than the rows loaded of its hours loads superseded
    delivered_at_column="export_time",
)
