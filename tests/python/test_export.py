"""Exports to finance: stable columns, cents by largest remainder, rows add up to the mart to the cent."""

from __future__ import annotations

import csv
from decimal import Decimal
from pathlib import Path

from conftest import BuiltDemo, query, run_cli

COLUMNS = ["month", "team_id", "team_name", "outcome_type", "currency", "outcomes", "ai_assisted_outcomes", "cost",
           "cost_per_outcome", "median_cost_per_outcome", "p90_cost_per_outcome", "tokens_per_outcome",
           "outcomes_cost_unknown"]  # fmt: skip


def export(built_demo: BuiltDemo, tmp_path: Path, month: str) -> list[dict[str, str]]:
    out = tmp_path / f"cpo_{month}.csv"
    result = run_cli("export", "cost-per-outcome", "--month", month, "--out", out, "--db", built_demo.db)
    assert result.exit_code == 0, result.output
    with out.open(newline="") as f:
        reader = csv.DictReader(f)
        assert reader.fieldnames == COLUMNS
        return list(reader)


def test_export_rows_sum_to_the_month_total_to_the_cent(built_demo: BuiltDemo, tmp_path: Path) -> None:
    for month in ("2026-08", "2026-09", "2026-10"):
        rows = export(built_demo, tmp_path, month)
        exported = sum((Decimal(r["cost"]) for r in rows), Decimal(0))
        ((attributed,),) = query(built_demo.db, f"""
            select sum(attributed_cost) from marts.mart_cost_per_outcome
            where period_month = date '{month}-01'""")  # fmt: skip
        ((unattributed,),) = query(built_demo.db, f"""
            select sum(unattributed_cost) from marts.mart_team_spend
            where period_month = date '{month}-01'""")  # fmt: skip
        assert exported == (attributed + unattributed).quantize(Decimal("0.01"))
        assert all(len(r["cost"].split(".")[1]) == 2 for r in rows)


def test_each_row_is_within_a_cent_of_its_exact_value(built_demo: BuiltDemo, tmp_path: Path) -> None:
    rows = export(built_demo, tmp_path, "2026-10")
    exact = dict(((t, o), c) for t, o, c in query(built_demo.db, """
        select team_id, outcome_type, attributed_cost from marts.mart_cost_per_outcome
        where period_month = date '2026-10-01'"""))  # fmt: skip
    for row in rows:
        if row["outcome_type"] != "(unattributed)":
            assert abs(Decimal(row["cost"]) - exact[(row["team_id"], row["outcome_type"])]) < Decimal("0.01")


def test_bad_month_is_an_input_error(built_demo: BuiltDemo, tmp_path: Path) -> None:
    result = run_cli("export", "cost-per-outcome", "--month", "2026-13", "--out", tmp_path / "x.csv",
                     "--db", built_demo.db)  # fmt: skip
    assert result.exit_code == 2
    assert result.stderr.strip() == "error: x.csv: field \"--month\": month must look like 2026-10, not '2026-13'"
