"""`costper status`: the last build and what its marts say needs attention, on a small warehouse of our own.

The budgets and anomalies marts are made by this test with the columns of their interface (mart_budget_status,
mart_spend_anomalies), a data fixture; a file is loaded by a real `costper ingest` and the build is recorded by
the same function `costper build` records with.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import duckdb
import pytest
from conftest import FIXTURES
from fault_helpers import costper

from ingest import last_build

AS_OF = date(2026, 11, 1)
WARNING = (
    "warning: 3 Done Jira issues have no resolution "
    "(tests/dbt/staging/assert_done_jira_issues_have_a_resolution.sql)"
)

TEAM_SPEND = """
create table marts.mart_team_spend (period_month date, team_id varchar, team_name varchar, billing_currency varchar,
                                    total_cost decimal(38, 12), unattributed_cost decimal(38, 12));
insert into marts.mart_team_spend values
    ('2026-09-01', 'pay', 'Payments', 'USD', 500, 400),
    ('2026-10-01', 'pay', 'Payments', 'USD', 1000.004, 150.004),
    ('2026-10-01', 'web', 'Web', 'USD', 200, 0),
    ('2026-10-01', 'web', 'Web', 'EUR', 80, 20),
    ('2026-11-01', 'pay', 'Payments', 'USD', 9, 9);  -- the month of as_of itself: not over, not shown
"""

BUDGETS = """
create table marts.mart_budget_status (
    budget_status_id varchar, budget_month date, scope_kind varchar, scope_id varchar, scope_name varchar,
    billing_currency varchar, budget_amount decimal(38, 12), alert_at_pct decimal(38, 12),
    actual_to_date decimal(38, 12), days_elapsed integer, days_in_month integer, daily_run_rate decimal(38, 12),
    forecast_linear decimal(38, 12), forecast_robust decimal(38, 12), forecast_pct_of_budget decimal(38, 12),
    days_until_exhausted integer, alert_level varchar, is_month_closed boolean);
insert into marts.mart_budget_status values
    ('b1', '2026-10-01', 'team', 'pay', 'Payments', 'USD', 1000, 80, 1200.125, 31, 31, 38.71, 1200.125, 1150, 120.0125,
     null, 'over', true),
    ('b2', '2026-10-01', 'cost_center', 'CC-7', 'Platform', 'USD', 2000, 80, 1700, 31, 31, 54.8, 1700, 1690.5, 85,
     null, 'warning', true),
    ('b3', '2026-10-01', 'team', 'web', 'Web', 'USD', 5000, 80, 200, 31, 31, 6.45, 200, 210, 4, null, 'ok', true),
    ('b4', '2026-09-01', 'team', 'web', 'Web', 'USD', 10, 80, 500, 30, 30, 16.6, 500, 500, 5000, null, 'over', true),
    ('b5', '2026-11-01', 'team', 'web', 'Web', 'USD', 10, 80, 9, 0, 30, 0, 0, 0, 0, null, 'over', false);
"""

ANOMALIES = """
create table marts.mart_spend_anomalies (
    anomaly_id varchar, anomaly_date date, scope_kind varchar, scope_id varchar, scope_name varchar, team_id varchar,
    provider varchar, billing_currency varchar, spend decimal(38, 12), baseline_median decimal(38, 12),
    baseline_mad decimal(38, 12), z_score double, excess_spend decimal(38, 12), window_days integer);
insert into marts.mart_spend_anomalies values
    ('a1', '2026-10-24', 'team', 'pay', 'Payments', 'pay', 'openai', 'USD', 99, 9, 1, 30, 90, 28),
    ('a2', '2026-10-25', 'api_key', 'key-1', 'ci-bot', 'pay', 'anthropic', 'USD', 412.345, 40.1, 5.5, 45.163,
     372.245, 28),
    ('a3', '2026-10-31', 'team', 'web', 'Web', 'web', 'openai', 'USD', 60, 20, 2, 13.49, 40, 28),
    ('a4', '2026-11-01', 'team', 'web', 'Web', 'web', 'openai', 'USD', 70, 20, 2, 16.9, 50, 28);
"""


@pytest.fixture
def warehouse(tmp_path: Path) -> Path:
    db = tmp_path / "w.duckdb"
    assert costper("ingest", FIXTURES / "openai/costs.json", "--db", db).returncode == 0
    return db


def _record_build(db: Path) -> None:
    last_build.record(db, last_build.Build(
        built_at=datetime(2026, 11, 1, 6, 15, tzinfo=UTC), as_of=AS_OF, exit_code=0, dbt_args="", is_complete=True,
        nodes_built=52, tests_passed=206, tests_total=207, warnings=[WARNING], seconds=73.4,
    ))  # fmt: skip


def _status(db: Path) -> list[str]:
    done = costper("status", "--db", db)
    assert (done.returncode, done.stderr) == (0, "")
    return done.stdout.splitlines()


def _after_sources(lines: list[str]) -> list[str]:
    """What follows the table of sources and its blank line."""
    return lines[lines.index("") + 1 :]


def test_without_a_recorded_build_or_marts_status_says_so_and_shows_no_mart(warehouse: Path) -> None:
    none = "Last build: none recorded (costper build and costper run record one)"
    assert _after_sources(_status(warehouse)) == [none]


def test_status_shows_the_last_build_unattributed_share_budgets_and_anomalies(warehouse: Path) -> None:
    with duckdb.connect(str(warehouse)) as con:
        con.execute("create schema marts")
        con.execute(TEAM_SPEND + BUDGETS + ANOMALIES)
    _record_build(warehouse)
    assert _after_sources(_status(warehouse)) == [
        "Last build: 2026-11-01 06:15 UTC (as_of 2026-11-01), exit 0: 206 of 207 tests passed, 1 warning, 73 s",
        f"  {WARNING}",
        "Unattributed spend in 2026-10: EUR 20.00 of 80.00 (25.0%), cost that reached no outcome",
        "Unattributed spend in 2026-10: USD 150.00 of 1,200.00 (12.5%), cost that reached no outcome",
        "Budgets at warning or over in 2026-10:",
        "scope_kind   scope_id  scope_name  currency   budget   actual  forecast_linear  forecast_robust  forecast_pct"
        "  days_until_exhausted  alert_level",
        "-----------  --------  ----------  --------  -------  -------  ---------------  ---------------  ------------"
        "  --------------------  -----------",
        "team         pay       Payments    USD       1000.00  1200.13          1200.13          1150.00        120.01"
        "                        over",
        "cost_center  CC-7      Platform    USD       2000.00  1700.00          1700.00          1690.50         85.00"
        "                        warning",
        "Spend anomalies in the 7 days before 2026-11-01 (2026-10-25 to 2026-10-31):",
        "day         scope_kind  scope_name  team_id  provider   currency   spend  baseline  excess  z_score",
        "----------  ----------  ----------  -------  ---------  --------  ------  --------  ------  -------",
        "2026-10-31  team        Web         web      openai     USD        60.00     20.00   40.00    13.49",
        "2026-10-25  api_key     ci-bot      pay      anthropic  USD       412.35     40.10  372.25    45.16",
    ]


def test_budgets_and_anomalies_with_nothing_to_show_say_none(warehouse: Path) -> None:
    with duckdb.connect(str(warehouse)) as con:
        con.execute("create schema marts")
        con.execute(BUDGETS + ANOMALIES)
        con.execute("delete from marts.mart_budget_status where alert_level <> 'ok'")
        con.execute("delete from marts.mart_spend_anomalies")
    _record_build(warehouse)
    assert _after_sources(_status(warehouse))[2:] == [
        "Budgets at warning or over in 2026-10: none",
        "Spend anomalies in the 7 days before 2026-11-01 (2026-10-25 to 2026-10-31): none",
    ]


def test_files_loaded_after_the_last_build_are_named_as_not_in_the_marts(warehouse: Path) -> None:
    _record_build(warehouse)
    assert costper("ingest", FIXTURES / "openai/usage_completions.json", "--db", warehouse).returncode == 0
    assert _after_sources(_status(warehouse))[:3] == [
        "Last build: 2026-11-01 06:15 UTC (as_of 2026-11-01), exit 0: 206 of 207 tests passed, 1 warning, 73 s",
        f"  {WARNING}",
        "  1 file loaded since, not in the marts yet: costper build",
    ]
