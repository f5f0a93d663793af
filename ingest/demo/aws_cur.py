"""The demo's AWS bill: a CUR 2.0 export (Data Exports, CSV) per billing period, the whole bill.

Support runs its ticket-answering bot on Claude Sonnet 4.5 sold through AWS Marketplace ("Amazon Bedrock Edition"),
and Data runs an enrichment pipeline on a first-party Bedrock model (Nova 2.0 Lite); the rest of the bill is EC2,
S3, the Business support fee and, in one month, a promotional credit: a cloud bill is never only AI. The bot's and
the pipeline's IAM roles are registered in aliases.csv (`cloud_principal`, team only); the infrastructure account
is a `cloud_account` of Infrastructure. On the days a Data PR backfilled its feature store, the pipeline's inference
profile carried a `costper_pr` tag naming that PR, so that spend is attributed `direct`.

Every amount is an exact decimal (tokens priced per 1K tokens, hours per hour), so the monthly invoice is the lines'
exact sum rounded to cents.
"""

from __future__ import annotations

import json
import random
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

from ingest.demo._common import DEMO_MONTHS, is_weekend, month_days, sub_rng, token, write_csv
from ingest.demo.work import Work

PAYER_ACCOUNT = "310955520017"  # the management account, which also runs Support's bot
INFRA_ACCOUNT = "310955520042"  # the infrastructure account: EC2, S3, Data's pipeline
BOT_ROLE = f"arn:aws:iam::{PAYER_ACCOUNT}:role/support-answer-bot"
PIPELINE_ROLE = f"arn:aws:iam::{INFRA_ACCOUNT}:role/data-enrichment-pipeline"
# (kind, value, team_id, note) rows for aliases.csv
AWS_ALIASES = (
    ("cloud_principal", BOT_ROLE, "support", "Support's answer bot (Claude on Bedrock)"),
    ("cloud_principal", PIPELINE_ROLE, "data", "Data's enrichment pipeline (Bedrock Nova)"),
    ("cloud_account", INFRA_ACCOUNT, "infra", "AWS infrastructure account"),
)
CREDIT = ("2026-09", Decimal("250.00"))  # (month, dollars) of the one promotional credit
SUPPORT_FEE = Decimal("100.00")  # AWS Support (Business) monthly minimum

_HEADER = (
    "identity_line_item_id", "identity_time_interval", "bill_invoice_id", "bill_billing_entity", "bill_bill_type",
    "bill_payer_account_id", "bill_billing_period_start_date", "bill_billing_period_end_date",
    "line_item_usage_account_id", "line_item_line_item_type", "line_item_usage_start_date",
    "line_item_usage_end_date", "line_item_product_code", "line_item_usage_type", "line_item_operation",
    "line_item_resource_id", "line_item_usage_amount", "line_item_currency_code", "line_item_unblended_rate",
    "line_item_unblended_cost", "line_item_net_unblended_cost", "line_item_line_item_description",
    "line_item_legal_entity", "line_item_iam_principal", "pricing_public_on_demand_cost", "pricing_unit", "product",
    "product_product_family", "product_region_code", "product_servicecode", "resource_tags",
)  # fmt: skip
_SONNET = "Claude Sonnet 4.5 (Amazon Bedrock Edition)"
_SONNET_CODE = "prod-5m2kclaudesonnet45"
# (usage type suffix, description word, dollars per 1K tokens, daily 1K tokens on a weekday)
_SONNET_METERS = (
    ("InputTokenCount", "input tokens", Decimal("0.003"), 9000),
    ("OutputTokenCount", "output tokens", Decimal("0.015"), 700),
    ("CacheReadInputTokenCount", "cache read input tokens", Decimal("0.0003"), 30000),
)
_NOVA_METERS = (
    ("input-tokens", "Input tokens", Decimal("0.0003"), 60000),
    ("output-tokens", "Output tokens", Decimal("0.0025"), 3000),
)
# (resource id, instance type, dollars per hour, team tag)
_INSTANCES = (
    ("i-0a17c0ffee5ca1e01", "m7g.xlarge", Decimal("0.1632"), "platform"),
    ("i-0a17c0ffee5ca1e02", "m7g.xlarge", Decimal("0.1632"), "platform"),
    ("i-0b2dfeed5eed0a003", "c7g.2xlarge", Decimal("0.2900"), "search"),
    ("i-0c3dbeef0ddba1004", "r7g.large", Decimal("0.1071"), "data"),
)
_S3_GB_MONTH = Decimal("0.023")
_S3_GB = 38000  # the data lake
# AWS writes prorated amounts with 10 decimals; money is DECIMAL(38,12), so every cost stays exact in the warehouse
_TEN_PLACES = Decimal("0.0000000001")


def _ts(day: date) -> str:
    return f"{day.isoformat()}T00:00:00.000Z"


def _json(payload: dict[str, str]) -> str:
    return json.dumps(payload, separators=(",", ":"))


class _Bill:
    """One billing period's lines; `add` fills the columns every line shares."""

    def __init__(self, month: str, rng: random.Random) -> None:
        days = month_days(month)
        self.start, self.end = days[0], days[-1] + timedelta(days=1)
        self.rng = rng
        self.rows: list[list[str]] = []
        period = f"{month[2:4]}-{month[5:]}"
        self.invoice = {"AWS": f"EUINUS{period}-0007", "AWS Marketplace": f"MP{period}-0311"}

    def add(self, day: date | None, entity: str, account: str, kind: str, code: str, usage_type: str, operation: str,
            resource: str, amount: Decimal, rate: Decimal | None, cost: Decimal, description: str, principal: str,
            unit: str, product: dict[str, str], family: str, region: str, tags: dict[str, str]) -> None:  # fmt: skip
        first, last = (day, day + timedelta(days=1)) if day else (self.start, self.end)
        legal = "Anthropic, PBC" if entity == "AWS Marketplace" else "Amazon Web Services, Inc."
        self.rows.append([
            f"li{token(self.rng, 18)}", f"{_ts(first)}/{_ts(last)}", self.invoice[entity], entity, "Anniversary",
            PAYER_ACCOUNT, _ts(self.start), _ts(self.end), account, kind, _ts(first), _ts(last), code, usage_type,
            operation, resource, f"{amount}", "USD", "" if rate is None else f"{rate}", f"{cost}", f"{cost}",
            description, legal, principal, f"{cost if cost > 0 else 0}", unit, _json(product), family, region,
            code, _json(tags),
        ])  # fmt: skip


def _scale(rng: random.Random, day: date) -> Decimal:
    """A day's share of a weekday's volume: quieter at weekends, a little noise, three decimals."""
    base = 0.35 if is_weekend(day) else 1.0
    return Decimal(str(round(base * rng.uniform(0.8, 1.2), 3)))


def _bot_day(bill: _Bill, day: date) -> None:
    scale = _scale(bill.rng, day)
    profile = f"arn:aws:bedrock:us-west-2:{PAYER_ACCOUNT}:application-inference-profile/support-answer-bot"
    product = {"product_name": _SONNET, "servicename": _SONNET, "region": "us-west-2"}
    for meter, words, rate, kilo in _SONNET_METERS:
        amount = (kilo * scale).quantize(Decimal(1))  # whole 1K tokens
        bill.add(day, "AWS Marketplace", PAYER_ACCOUNT, "Usage", _SONNET_CODE, f"USW2-MP:USW2_{meter}-Units",
                 "Usage", profile, amount, rate, amount * rate, f"{_SONNET} {words}", BOT_ROLE, "1K tokens", product,
                 "Amazon Bedrock", "us-west-2", {"user_team": "support", "user_app": "answer-bot"})  # fmt: skip


def _pipeline_day(bill: _Bill, day: date, pr_key: str | None) -> None:
    scale = _scale(bill.rng, day) * (3 if pr_key else 1)  # a backfill triples the day's volume
    profile = f"arn:aws:bedrock:us-east-1:{INFRA_ACCOUNT}:application-inference-profile/data-enrichment"
    tags = {"user_team": "data"} | ({"user_costper_pr": pr_key} if pr_key else {})
    for meter, words, rate, kilo in _NOVA_METERS:
        amount = (kilo * scale).quantize(Decimal(1))
        product = {"product_name": "Amazon Bedrock", "servicename": "Amazon Bedrock", "region": "us-east-1",
                   "provider": "Amazon", "model": "Nova 2.0 Lite", "inference_type": words}  # fmt: skip
        bill.add(day, "AWS", INFRA_ACCOUNT, "Usage", "AmazonBedrock", f"USE1-Nova2.0Lite-{meter}", "InvokeModel",
                 profile, amount, rate, amount * rate, f"Amazon Nova 2.0 Lite {words.lower()}", PIPELINE_ROLE,
                 "1K tokens", product, "Amazon Bedrock", "us-east-1", tags)  # fmt: skip


def _infra_day(bill: _Bill, day: date) -> None:
    ec2 = {"product_name": "Amazon Elastic Compute Cloud", "servicename": "Amazon Elastic Compute Cloud"}
    for resource, kind, rate, team in _INSTANCES:
        hours = Decimal(24)
        bill.add(day, "AWS", INFRA_ACCOUNT, "Usage", "AmazonEC2", f"USE1-BoxUsage:{kind}", "RunInstances", resource,
                 hours, rate, hours * rate, f"${rate} per On Demand Linux {kind} Instance Hour", "", "Hrs", ec2,
                 "Compute Instance", "us-east-1", {"user_team": team})  # fmt: skip
    days_in_month = Decimal((bill.end - bill.start).days)
    gb_month = (Decimal(_S3_GB) / days_in_month).quantize(_TEN_PLACES)
    bill.add(day, "AWS", INFRA_ACCOUNT, "Usage", "AmazonS3", "USE1-TimedStorage-ByteHrs", "StandardStorage",
             "acme-data-lake", gb_month, _S3_GB_MONTH, (gb_month * _S3_GB_MONTH).quantize(_TEN_PLACES),
             f"${_S3_GB_MONTH} per GB - first 50 TB / month of storage used", "", "GB-Mo",
             {"product_name": "Amazon Simple Storage Service"}, "Storage", "us-east-1",
             {"user_team": "data"})  # fmt: skip


def _month_lines(bill: _Bill, month: str) -> None:
    ec2 = {"product_name": "Amazon Elastic Compute Cloud"}
    bill.add(None, "AWS", PAYER_ACCOUNT, "Fee", "AWSSupportBusiness", "Dollar", "", "", Decimal(1), None,
             SUPPORT_FEE, "AWS Support (Business) fee", "", "Dollar", {"product_name": "AWS Support (Business)"}, "",
             "us-east-1", {})  # fmt: skip
    if month == CREDIT[0]:
        bill.add(None, "AWS", INFRA_ACCOUNT, "Credit", "AmazonEC2", "", "", "", Decimal(0), None, -CREDIT[1],
                 "AWS Promotional Credit", "", "", ec2, "", "us-east-1", {})  # fmt: skip


def backfill_days(work: Work) -> dict[date, str]:
    """day -> the merged Data PR whose backfill ran that day: the first merged pipeline PR of each month."""
    days: dict[date, str] = {}
    for month in DEMO_MONTHS:
        pulls = sorted(
            (p for p in work.pulls if p.merged and p.author and p.merged.strftime("%Y-%m") == month
             and p.author.team_on(p.merged.date()) == "data" and p.merged.date() > p.created.date()),
            key=lambda p: (p.merged, p.number),
        )  # fmt: skip
        if pulls:
            pull = pulls[0]
            day = pull.created.date()
            while day <= pull.merged.date():
                days[day] = f"{pull.repo}#{pull.number}"
                day += timedelta(days=1)
    return days


def _bills(work: Work, seed: int) -> dict[str, _Bill]:
    rng = sub_rng(seed, "aws_cur")
    backfills = backfill_days(work)
    bills = {}
    for month in DEMO_MONTHS:
        bill = _Bill(month, rng)
        for day in month_days(month):
            _bot_day(bill, day)
            _pipeline_day(bill, day, backfills.get(day))
            _infra_day(bill, day)
        _month_lines(bill, month)
        bills[month] = bill
    return bills


def write_aws(work: Work, seed: int, out_dir: Path) -> list[Path]:
    return [
        write_csv(out_dir / "aws" / f"cur_{month}.csv", _HEADER, bill.rows)
        for month, bill in _bills(work, seed).items()
    ]
