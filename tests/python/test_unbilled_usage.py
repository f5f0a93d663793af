"""Usage no bill covers: a company that pulls the usage report but not the cost export still sees what its tokens
cost, as estimated lines priced from the dated seed, never added to billed money. A day the provider billed keeps
its usage as the bill's distribution weights only. Real dbt builds."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from conftest import FIXTURES, query
from test_real_company import ingest_and_build, ledger_ties_to_billed

USAGE = FIXTURES / "anthropic/usage_report_hourly.json"  # 2026-03-02, claude-sonnet-4-5, one API key
# the seed's claude-sonnet-4-5 prices from 2025-09-29, per million tokens: input 3.00, cache read 0.30,
# 5-minute cache write 3.75, output 15.00
ESTIMATE = (
    18240 * Decimal("3.00") + 412300 * Decimal("0.30") + 22100 * Decimal("3.75") + 9350 * Decimal("15.00")
) / 1_000_000


def test_usage_without_a_cost_export_is_estimated_and_bills_nothing(tmp_path: Path) -> None:
    db = tmp_path / "usage_only.duckdb"
    ingest_and_build(db, USAGE)
    lines = query(db, """
        select x_token_type, BilledCost, x_estimated_cost, x_cost_is_estimated, x_source
        from marts.fct_ai_cost order by x_token_type""")  # fmt: skip
    assert lines == [
        ("cache_read", Decimal(0), Decimal("0.123690000000"), True, "anthropic_usage"),
        ("cache_write", Decimal(0), Decimal("0.082875000000"), True, "anthropic_usage"),
        ("input", Decimal(0), Decimal("0.054720000000"), True, "anthropic_usage"),
        ("output", Decimal(0), Decimal("0.140250000000"), True, "anthropic_usage"),
    ]
    assert sum(estimate for _, _, estimate, _, _ in lines) == ESTIMATE == Decimal("0.401535")
    assert ledger_ties_to_billed(db) == 0  # the ledger holds billed money only: nothing was billed
    ((billed, estimated),) = query(db, "select sum(total_cost), sum(estimated_cost) from marts.mart_team_spend")
    assert (billed, estimated) == (Decimal(0), ESTIMATE)


def test_a_billed_day_has_no_estimated_lines(tmp_path: Path) -> None:
    db = tmp_path / "billed.duckdb"
    ingest_and_build(db, USAGE, FIXTURES / "anthropic/cost_report_two_days.json")  # bills 2026-03-02 and -03
    ((estimated_lines,),) = query(db, "select count(*) from marts.fct_ai_cost where x_cost_is_estimated")
    assert estimated_lines == 0
    assert ledger_ties_to_billed(db) > 0
