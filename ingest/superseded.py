"""`costper status`'s lines on money one source set aside because another counts it (int_cost__superseded_lines,
README "Same money through two sources"): the dropped lines are out of every mart, so they are named here, per
source pair, rather than vanishing."""

from __future__ import annotations

import duckdb

SUPERSEDED_SQL = """
select x_source, superseded_by, precedence_rule, BillingCurrency, count(*) as lines,
       sum(BilledCost) as billed, sum(x_estimated_cost) as estimated
from intermediate.int_cost__superseded_lines
group by all order by x_source, superseded_by, BillingCurrency
"""

SAME = {
    "billed": "the same provider and day",
    "seat": "a seat of the same vendor, person and day",
    "estimate": "an estimate of the same person, day and model",
}


def superseded_report(con: duckdb.DuckDBPyConnection) -> list[str]:
    """One line per (source, preferred source, currency) whose lines were set aside; none when nothing was."""
    lines = []
    for source, by, rule, currency, count, billed, estimated in con.execute(SUPERSEDED_SQL).fetchall():
        amount, kind = (estimated or 0, "estimated") if rule == "estimate" else (billed, "billed")
        money = f"{currency} {amount:,.2f} {kind}"
        noun = "line" if count == 1 else "lines"
        lines.append(f"Superseded: {count:,} {noun} / {money} from {source} superseded by {by} ({SAME[rule]}), "
                     "counted once, in no mart")  # fmt: skip
    return lines
