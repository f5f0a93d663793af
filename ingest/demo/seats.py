"""The demo's GitHub Copilot Business seats, as costper's seats CSV (one row per seat holder).

Every engineer on the payroll the whole quarter holds a Copilot Business seat for August to October (monthly, 19
USD, valid_to set, so no seat runs on to the month a rerun loads the file in); the joiner and the leaver, who would
hold part-month seats, are left out so each month bills whole fees and GitHub's invoice is seats x 19.00. The seats
API's JSON would bill the same seats again, so the demo writes this one file only.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from ingest.demo._common import PERIOD_END, PERIOD_START, write_csv
from ingest.demo.model import Org

SEAT_FEE = Decimal("19.00")
SEATS_HEADER = (
    "vendor", "product", "email", "seat_cost", "currency", "valid_from", "valid_to", "billing_period", "plan",
)  # fmt: skip


def seat_holders(org: Org) -> list[str]:
    """The emails of the people holding a seat all quarter."""
    return [p.email for p in org.people if p.github_login and p.start <= PERIOD_START and p.end is None]


def write_seats(org: Org, out_dir: Path) -> list[Path]:
    rows = [
        ["github", "GitHub Copilot", email, f"{SEAT_FEE}", "USD", PERIOD_START.isoformat(), PERIOD_END.isoformat(),
         "monthly", "business"]
        for email in seat_holders(org)
    ]  # fmt: skip
    return [write_csv(out_dir / "seats" / "copilot_seats.csv", SEATS_HEADER, rows)]
