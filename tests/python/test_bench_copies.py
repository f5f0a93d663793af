"""The build benchmark's scaled company is k consistent copies of the demo: money exactly k times, and each
copy's marts exactly the demo's (no id of one copy leaks into another)."""

from __future__ import annotations

import sys
from pathlib import Path

from conftest import PROJECT_DIR, BuiltDemo, query, run_cli

from ingest import dbt

sys.path.insert(0, str(PROJECT_DIR / "bench"))
from scale_copies import write_copies


def test_two_copies_double_the_money_and_repeat_every_team_exactly(built_demo: BuiltDemo, tmp_path: Path) -> None:
    files = write_copies(built_demo.data_dir, tmp_path / "copies", 2)
    db = tmp_path / "scaled.duckdb"
    assert run_cli("ingest", *files, "--db", db).exit_code == 0
    assert dbt.run("build", db, as_of="2026-11-01", args=("--quiet",)) == 0
    ((one,),) = query(built_demo.db, "select sum(BilledCost) from marts.fct_ai_cost")
    ((two, quarantined),) = query(db, """
        select sum(BilledCost), (select count(*) from raw._quarantine) from marts.fct_ai_cost""")  # fmt: skip
    assert two == 2 * one and quarantined == 0
    leaked = query(db, """
        select count(*) from (
            select regexp_replace(team_id, '-c1$', '') as team_id, period_month, outcome_type, outcome_count,
                   attributed_cost, median_cost_per_outcome
            from marts.mart_cost_per_outcome where team_id like '%-c1'
            except
            select team_id, period_month, outcome_type, outcome_count, attributed_cost, median_cost_per_outcome
            from marts.mart_cost_per_outcome where team_id not like '%-c1' and team_id <> 'unassigned')""")
    assert leaked == [(0,)]
