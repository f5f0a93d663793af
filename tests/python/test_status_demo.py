"""`costper status` on the demo warehouse: what the real marts say needs attention (the fixture-warehouse cases,
boundaries included, are in test_status.py)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from conftest import PROJECT_DIR, BuiltDemo, query

from ingest.demo.budgets import OVER_TEAM, WARNING_TEAM


def test_status_on_the_demo_shows_the_build_the_budget_alerts_and_no_recent_anomaly(built_demo: BuiltDemo) -> None:
    done = subprocess.run(
        [str(Path(sys.executable).with_name("costper")), "status", "--db", str(built_demo.db)],
        capture_output=True, text=True, cwd=PROJECT_DIR, check=False,
    )  # fmt: skip
    assert (done.returncode, done.stderr) == (0, "")
    lines = done.stdout.splitlines()
    assert any(line.startswith("Last build: ") and "(as_of 2026-11-01), exit 0: " in line for line in lines)
    (unattributed, total) = query(
        built_demo.db,
        "select sum(unattributed_cost), sum(total_cost) from marts.mart_team_spend "
        "where period_month = date '2026-10-01' and billing_currency = 'USD'",
    )[0]
    assert f"Unattributed spend in 2026-10: USD {unattributed:,.2f} of {total:,.2f} " in done.stdout
    start = lines.index("Budgets at warning or over in 2026-10:")
    alerts = {line.split()[1]: line.split()[-1] for line in lines[start + 3 :] if line.startswith("team ")}
    assert alerts == {OVER_TEAM: "over", WARNING_TEAM: "warning"}
    # the demo's one spike (2026-10-14) is older than the 7 days before as_of
    assert lines[-1] == "Spend anomalies in the 7 days before 2026-11-01 (2026-10-25 to 2026-10-31): none"
    assert query(
        built_demo.db, "select count(*) from marts.mart_spend_anomalies where anomaly_date >= date '2026-10-25'"
    ) == [(0,)]
