"""The demo's invoices CSV: one invoice per provider and month, as finance receives them.

Each amount is the provider's billed cost lines of the month (summed exactly from the files written, never from a
model of them), rounded to cents as an invoice is. One invoice applies a credit the cost exports do not itemise (a
promotional credit, as providers apply credit grants on the invoice): its amount is that much lower, and the finance
marts carry the credit as a line of its own so the month still sums to the invoice. AWS's invoice is the whole CUR
(EC2, S3 and the support fee too, not only Bedrock), whose credit line is itemised: the invoice shows that credit and
its amount already nets it. GitHub's is the month's Copilot seat fees.
"""

from __future__ import annotations

import csv
import json
from collections import defaultdict
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

from ingest.demo._common import DEMO_MONTHS

ACCOUNTS = {"anthropic": "acme-anthropic-org", "aws": "310955520017", "github": "acme", "openai": "org-acme"}
# (provider, month) -> the credit the invoice applies, in dollars
INVOICE_CREDITS = {("openai", "2026-09"): Decimal("150.00")}
CENT = Decimal("0.01")


def _billed(out_dir: Path) -> dict[tuple[str, str], Decimal]:
    """(provider, month) -> billed dollars, exactly, from the cost files (one file per month)."""
    billed: dict[tuple[str, str], Decimal] = defaultdict(Decimal)
    for month in DEMO_MONTHS:
        for provider, name, dollars in (
            ("anthropic", f"anthropic/cost_report_{month}.json", lambda r: Decimal(r["amount"]) / 100),
            ("openai", f"openai/costs_{month}.json", lambda r: Decimal(r["amount"]["value"])),
        ):
            page = json.loads((out_dir / name).read_text(), parse_float=Decimal)
            for bucket in page["data"]:
                billed[(provider, month)] += sum((dollars(r) for r in bucket["results"]), Decimal(0))
        # the CUR is the whole AWS bill: every line, EC2, S3, the support fee and the credit line included
        with (out_dir / "aws" / f"cur_{month}.csv").open(newline="") as f:
            lines = csv.DictReader(f)
            billed[("aws", month)] += sum((Decimal(r["line_item_unblended_cost"]) for r in lines), Decimal(0))
    # a seat bills its whole monthly fee in every month from valid_from up to valid_to (exclusive, a month's first)
    with (out_dir / "seats" / "copilot_seats.csv").open(newline="") as f:
        for seat in csv.DictReader(f):
            for month in DEMO_MONTHS:
                if seat["valid_from"][:7] <= month < seat["valid_to"][:7]:
                    billed[("github", month)] += Decimal(seat["seat_cost"])
    return billed


def _itemised_credits(out_dir: Path, month: str) -> Decimal:
    """The AWS month's credit lines, shown positive: the invoice applied them, and the amount already nets them."""
    with (out_dir / "aws" / f"cur_{month}.csv").open(newline="") as f:
        rows = csv.DictReader(f)
        return -sum((Decimal(r["line_item_unblended_cost"]) for r in rows if r["line_item_line_item_type"] == "Credit"),
                    Decimal(0))  # fmt: skip


def write_invoices(out_dir: Path) -> list[Path]:
    """Write invoices.csv from the cost files already under out_dir."""
    path = out_dir / "invoices.csv"
    with path.open("w", newline="") as f:
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(["provider", "billing_account", "month", "currency", "amount", "invoice_id", "credits", "tax"])
        for (provider, month), dollars in sorted(_billed(out_dir).items()):
            credits = INVOICE_CREDITS.get((provider, month), Decimal(0))
            amount = dollars.quantize(CENT, rounding=ROUND_HALF_UP) - credits
            if provider == "aws":
                credits = _itemised_credits(out_dir, month)
            invoice_id = f"INV-{provider[:2].upper()}-{month.replace('-', '')}"
            writer.writerow([provider, ACCOUNTS[provider], month, "USD", f"{amount:.2f}", invoice_id,
                             f"{credits:.2f}" if credits else "", ""])  # fmt: skip
    return [path]
