"""Money is exact end to end: the billed amounts in the demo's input files, summed in Python with Decimal,
equal the warehouse's billed cost and the allocation ledger to the last decimal."""

from __future__ import annotations

import csv
import json
from collections import defaultdict
from decimal import Decimal
from pathlib import Path

from conftest import BuiltDemo, query

from ingest.demo import DEMO_MONTHS

CENTS = Decimal("0.01")


DEMO_BILLS = ("anthropic", "openai", "aws", "github")


def billed_in_files(data_dir: Path, providers: tuple[str, ...] = DEMO_BILLS) -> dict[tuple[str, str], Decimal]:
    """(month, currency) -> billed AI total, straight from the provider files: the AWS CUR's Bedrock lines (the rest
    of that bill is not AI spend) and the Copilot seats' whole monthly fees, beside the two API bills."""
    totals: dict[tuple[str, str], Decimal] = defaultdict(Decimal)
    for path in sorted((data_dir / "aws").glob("cur_*.csv")) if "aws" in providers else []:
        with path.open(newline="") as f:
            for line in csv.DictReader(f):
                if (
                    line["line_item_product_code"].startswith("AmazonBedrock")
                    or "(Amazon Bedrock Edition)" in (line["line_item_line_item_description"])
                ):
                    key = (line["line_item_usage_start_date"][:7], line["line_item_currency_code"])
                    totals[key] += Decimal(line["line_item_unblended_cost"])
    for path in sorted((data_dir / "seats").glob("*.csv")) if "github" in providers else []:
        with path.open(newline="") as f:
            for seat in csv.DictReader(f):
                # the demo's seats run from a month's first day to another's: each month in between bills one fee
                for month in DEMO_MONTHS:
                    if seat["valid_from"][:7] <= month < seat["valid_to"][:7]:
                        totals[(month, seat["currency"])] += Decimal(seat["seat_cost"])
    for path in sorted((data_dir / "anthropic").glob("cost_report_*.json")) if "anthropic" in providers else []:
        for bucket in json.loads(path.read_text(), parse_float=Decimal)["data"]:
            for line in bucket["results"]:
                totals[(bucket["starting_at"][:7], line["currency"].upper())] += Decimal(line["amount"]) * CENTS
    for path in sorted((data_dir / "openai").glob("costs_*.json")) if "openai" in providers else []:
        for bucket in json.loads(path.read_text(), parse_float=Decimal)["data"]:
            month = query_free_month(bucket["start_time"])
            for line in bucket["results"]:
                totals[(month, line["amount"]["currency"].upper())] += Decimal(str(line["amount"]["value"]))
    return dict(totals)


def query_free_month(unix_seconds: int) -> str:
    from datetime import UTC, datetime

    return datetime.fromtimestamp(unix_seconds, UTC).strftime("%Y-%m")


def test_billed_total_in_files_equals_fct_ai_cost_and_ledger(built_demo: BuiltDemo) -> None:
    in_files = billed_in_files(built_demo.data_dir)
    grand_total = sum(in_files.values(), Decimal(0))
    assert grand_total > Decimal("100000")  # the demo is a real quarter of spend, not an empty file
    ((billed,),) = query(built_demo.db, "select sum(BilledCost) from marts.fct_ai_cost")
    ((ledger,),) = query(built_demo.db, "select sum(allocated_cost) from marts.fct_cost_allocation")
    assert billed == grand_total
    assert ledger == grand_total


def test_conservation_per_month_and_currency(built_demo: BuiltDemo) -> None:
    in_files = billed_in_files(built_demo.data_dir)
    ledger = query(built_demo.db, """
        select strftime(charge_month, '%Y-%m'), billing_currency,
               sum(allocated_cost) filter (where method <> 'unattributed'),
               sum(allocated_cost) filter (where method = 'unattributed')
        from marts.fct_cost_allocation group by all""")  # fmt: skip
    assert {(m, c): allocated + unattributed for m, c, allocated, unattributed in ledger} == in_files


def test_money_columns_are_decimal_38_12_in_every_mart(built_demo: BuiltDemo) -> None:
    money = query(built_demo.db, """
        select table_name, column_name, data_type from information_schema.columns
        where table_schema = 'marts'
          and regexp_matches(lower(column_name), '(cost|amount|price|spend|cost_per_outcome|cost_reporting)$')
    """)  # fmt: skip
    assert len(money) > 10
    assert {(t, c) for t, c, d in money if d != "DECIMAL(38,12)"} == set()


def test_every_method_and_reason_appears_in_the_demo(built_demo: BuiltDemo) -> None:
    seen = set(
        query(built_demo.db, "select distinct method, coalesce(unattributed_reason, '') from marts.fct_cost_allocation")
    )
    assert {("direct", ""), ("person_in_flight", ""), ("team_period", ""),
            ("unattributed", "unknown_principal"), ("unattributed", "no_outcome_in_flight")} <= seen  # fmt: skip
