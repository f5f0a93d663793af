"""Spend anomalies on the demo: the injected runaway agent (ingest/demo/usage_model.py RUNAWAY_AGENT) is the demo's
only anomaly, at the key, its team and its workspace on the day; its baseline and z-score are what an independent
computation over fct_ai_cost gives; and the minimum-size var decides, to the digit, whether it is an alert."""

from __future__ import annotations

import json
import shutil
import statistics
import subprocess
import sys
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

from conftest import PROJECT_DIR, BuiltDemo, query

from ingest.demo import DEFAULT_SEED, DEMO_AS_OF
from ingest.demo.org import build_org
from ingest.demo.usage_model import RUNAWAY_AGENT

COSTPER = Path(sys.executable).with_name("costper")
WINDOW_DAYS = 14  # dbt_project.yml anomaly_window_days
SCOPE_FILTERS = {  # which fct_ai_cost lines are a scope's spend
    "api_key": "x_principal_kind = 'api_key' and x_principal_id = ?",
    "team": "x_team_id = ?",
    "workspace": "SubAccountId = ?",
}
ANOMALY_COLUMNS = ("anomaly_date, scope_kind, scope_id, scope_name, team_id, provider, billing_currency, spend, "
                   "baseline_median, baseline_mad, z_score, excess_spend, window_days")  # fmt: skip


def _runaway_scopes() -> dict[str, tuple[str, str]]:
    """scope_kind -> (scope_id, scope_name) of the runaway key, its team and its workspace, from the generator."""
    org = build_org(DEFAULT_SEED)
    spike = RUNAWAY_AGENT
    key = next(k for k in org.keys if (k.provider, k.team_id, k.role) == (spike.provider, spike.team_id, spike.role))
    workspace = next(c for c in org.containers if c.container_id == key.container_id)
    assert key.container_id is not None
    return {
        "api_key": (key.key_id, key.note),
        "team": (spike.team_id, org.teams[spike.team_id].name),
        "workspace": (key.container_id, workspace.display_name),
    }


def _anomalies(db: Path) -> list[tuple]:
    return query(db, f"select {ANOMALY_COLUMNS} from marts.mart_spend_anomalies order by scope_kind, scope_id")


def _median(values: list[Decimal]) -> Decimal:
    """Exact midpoint of the two middle values, half away from zero at 12 decimals (all values are >= 0 here)."""
    return statistics.median(values).quantize(Decimal("1E-12"), rounding=ROUND_HALF_UP)


def test_the_demo_s_only_anomalies_are_the_runaway_key_its_team_and_workspace(built_demo: BuiltDemo) -> None:
    scopes = _runaway_scopes()
    rows = _anomalies(built_demo.db)
    assert [row[:7] for row in rows] == [
        (RUNAWAY_AGENT.day, kind, *scopes[kind], RUNAWAY_AGENT.team_id, RUNAWAY_AGENT.provider, "USD")
        for kind in ("api_key", "team", "workspace")
    ]
    assert scopes["api_key"][1] == "payments CI review bot" and RUNAWAY_AGENT.day == date(2026, 10, 14)


def test_the_spike_s_baseline_and_z_score_equal_an_independent_computation(built_demo: BuiltDemo) -> None:
    """Daily Usage spend of each scope from fct_ai_cost, the 14 days before the spike (days without spend are 0:
    every scope here spent before the window), median, MAD and z = (spend - median) / (1.4826 * MAD)."""
    scopes = _runaway_scopes()
    rows = {row[1]: row for row in _anomalies(built_demo.db)}
    day = RUNAWAY_AGENT.day
    for kind, (scope_id, _) in scopes.items():
        daily = dict(query(built_demo.db, f"""
            select x_charge_date, sum(BilledCost) from marts.fct_ai_cost
            where ChargeCategory = 'Usage' and ProviderName = 'Anthropic' and {SCOPE_FILTERS[kind]}
              and x_charge_date between cast(? as date) - {WINDOW_DAYS} and cast(? as date)
            group by x_charge_date""", [scope_id, day, day]))  # fmt: skip
        ((first_spend,),) = query(built_demo.db, f"select min(x_charge_date) from marts.fct_ai_cost "
                                  f"where {SCOPE_FILTERS[kind]}", [scope_id])  # fmt: skip
        assert first_spend < day - timedelta(days=WINDOW_DAYS)
        window = [daily.get(day - timedelta(days=offset), Decimal(0)) for offset in range(1, WINDOW_DAYS + 1)]
        median = _median(window)
        mad = _median([abs(value - median) for value in window])
        spend = daily[day]
        z = float(spend - median) / (1.4826 * float(mad))
        *_, got_spend, got_median, got_mad, got_z, got_excess, got_window = rows[kind]
        assert (got_spend, got_median, got_mad, got_excess, got_window) == (spend, median, mad, spend - median, 14)
        assert abs(got_z - z) < 1e-9 * z and z >= 5 and spend - median >= 500


def test_a_minimum_size_above_the_key_s_excess_leaves_only_its_team_and_workspace(
    built_demo: BuiltDemo, tmp_path: Path
) -> None:
    """anomaly_min_excess is inclusive: at the key's excess exactly the key still alerts; one unit of 1e-12 more and
    only the team's and workspace's rows (each a larger excess that day) remain."""
    db = tmp_path / "w.duckdb"
    shutil.copy(built_demo.db, db)
    rows = _anomalies(db)
    key_excess = next(row[11] for row in rows if row[1] == "api_key")
    assert all(row[11] > key_excess for row in rows if row[1] != "api_key")
    for min_excess, kinds in ((key_excess, ["api_key", "team", "workspace"]),
                              (key_excess + Decimal("1E-12"), ["team", "workspace"])):  # fmt: skip
        build_vars = json.dumps({"as_of": DEMO_AS_OF, "anomaly_min_excess": str(min_excess)})
        built = subprocess.run(
            [str(COSTPER), "build", "--vars", build_vars, "--select", "mart_spend_anomalies", "--db", str(db)],
            capture_output=True, text=True, cwd=PROJECT_DIR, check=False,
        )  # fmt: skip
        assert built.returncode == 0, built.stdout[-3000:] + built.stderr[-3000:]
        assert [row[1] for row in _anomalies(db)] == kinds
