"""The semantic layer (models/semantic/, MetricFlow) answers what the marts answer: `mf query` on the demo
warehouse, through the bundled dbt profile, against independent SQL over the marts.

MetricFlow computes a ratio metric as a DOUBLE, so cost_per_outcome is compared to the mart's exact DECIMAL to the
cent and to 1e-9 relative; spend is a sum of DECIMAL(38,12) and is compared to the digit.
"""

from __future__ import annotations

import csv
import os
import shutil
import subprocess
import sys
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pytest
from conftest import PROJECT_DIR, BuiltDemo, query

CENT = Decimal("0.01")
RELATIVE_TOLERANCE = Decimal("1e-9")


def tool(name: str) -> str:
    return str(Path(sys.executable).with_name(name))


@pytest.fixture(scope="module")
def warehouse(built_demo: BuiltDemo, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the demo warehouse (mf opens it through dbt-duckdb, read-write) and a fresh semantic manifest:
    mf reads only <project>/target/semantic_manifest.json, which `dbt parse` writes."""
    db = tmp_path_factory.mktemp("semantic") / "demo.duckdb"
    shutil.copyfile(built_demo.db, db)
    parsed = run([tool("dbt"), "parse", "--quiet"], db)
    assert parsed.returncode == 0, parsed.stdout + parsed.stderr
    return db


def run(argv: list[str], db: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "COSTPER_DB": str(db), "DBT_PROFILES_DIR": str(PROJECT_DIR)}
    return subprocess.run(argv, env=env, cwd=PROJECT_DIR, capture_output=True, text=True, check=False)


def mf_query(db: Path, out: Path, *args: str) -> list[dict[str, str]]:
    done = run([tool("mf"), "query", *args, "--csv", str(out), "--quiet"], db)
    assert done.returncode == 0, done.stdout + done.stderr
    with out.open(newline="") as file:
        return list(csv.DictReader(file))


def cents(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def test_mf_validate_configs_passes_against_the_warehouse(warehouse: Path) -> None:
    done = run([tool("mf"), "validate-configs"], warehouse)
    assert done.returncode == 0, done.stdout + done.stderr
    # the semantic checks and each of the five warehouse checks (semantic models, dimensions, entities, measures,
    # metrics) report no error
    assert done.stdout.count("(ERRORS: 0, FUTURE_ERRORS: 0, WARNINGS: 0)") == 6, done.stdout


def test_cost_per_outcome_equals_the_mart_for_every_team_in_the_last_month(warehouse: Path, tmp_path: Path) -> None:
    [(month,)] = query(warehouse, "select max(period_month) from marts.mart_cost_per_outcome where outcome_count > 0")
    rows = mf_query(
        warehouse, tmp_path / "cpo.csv",
        "--metrics", "cost_per_outcome",
        "--group-by", "metric_time__month,team,outcome_type,currency",
        "--where", f"{{{{ TimeDimension('metric_time', 'month') }}}} = '{month}'",
    )  # fmt: skip
    assert {r["metric_time__month"][:10] for r in rows} == {str(month)}
    semantic = {(r["team"], r["outcome_type"], r["currency"]): r["cost_per_outcome"] for r in rows}
    mart = {
        (team, outcome_type, currency): ratio
        for team, outcome_type, currency, ratio in query(
            warehouse,
            "select team_id, outcome_type, billing_currency, cost_per_outcome from marts.mart_cost_per_outcome "
            "where period_month = ? and outcome_count > 0",
            [month],
        )
    }
    # every team-type-currency with outcomes, and only those; an empty ratio exactly where the mart has none
    assert semantic.keys() == mart.keys()
    assert {k for k, v in semantic.items() if v == ""} == {k for k, v in mart.items() if v is None}
    known = {k: v for k, v in mart.items() if v is not None}
    assert len({team for team, _, _ in known}) >= 10  # the demo's teams, not a vacuous comparison
    for key, exact in known.items():
        approximate = Decimal(semantic[key])  # the DOUBLE's shortest repr, as MetricFlow wrote it
        assert cents(approximate) == cents(exact), key
        assert abs(approximate - exact) <= RELATIVE_TOLERANCE * abs(exact), key


def test_spend_by_team_and_month_equals_mart_team_spend_to_the_digit(warehouse: Path, tmp_path: Path) -> None:
    rows = mf_query(warehouse, tmp_path / "spend.csv", "--metrics", "spend", "--group-by",
                    "metric_time__month,team,currency")  # fmt: skip
    semantic = {(r["metric_time__month"][:10], r["team"], r["currency"]): Decimal(r["spend"]) for r in rows}
    mart = {
        (str(month), team, currency): total
        for month, team, currency, total in query(
            warehouse, "select period_month, team_id, billing_currency, total_cost from marts.mart_team_spend"
        )
    }
    assert len(mart) >= 30
    assert semantic == mart


def test_spend_by_provider_and_model_ties_to_fct_ai_cost(warehouse: Path, tmp_path: Path) -> None:
    rows = mf_query(warehouse, tmp_path / "models.csv", "--metrics", "spend", "--group-by",
                    "metric_time__month,allocation__provider,allocation__model,currency")  # fmt: skip
    semantic = {
        (r["metric_time__month"][:10], r["allocation__provider"], r["allocation__model"], r["currency"]):
            Decimal(r["spend"])
        for r in rows
    }  # fmt: skip
    billed = {
        (str(month), provider, model or "", currency): total
        for month, provider, model, currency, total in query(
            warehouse,
            "select date_trunc('month', x_charge_date)::date, ProviderName, x_model_canonical, BillingCurrency, "
            "sum(BilledCost) from marts.fct_ai_cost group by all",
        )
    }
    assert len(billed) >= 10
    assert semantic == billed
