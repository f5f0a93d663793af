"""Durable outcomes (README "Durable outcomes"): a PR reverted within var rework_window_days, by a revert PR found by
its body (`Reverts acme/api#1`) or its title (`Revert "Fix login"`), and every revert PR are rework, not delivered
outcomes. A small company of its own (tests/python/fixtures/rework): one person, PRs from both GitHub readers, and
Cursor charges on the days they were in flight. Their shares go to unattributed with reason rework, never to the
person's durable PR, and the ledger still ties to the bill."""

from __future__ import annotations

import shutil
from decimal import Decimal
from pathlib import Path

import pytest
from conftest import FIXTURES, query
from test_real_company import ingest_and_build, ledger_ties_to_billed

from ingest import dbt

REWORK = FIXTURES / "rework"


@pytest.fixture(scope="module")
def rework_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("rework") / "w.duckdb"
    ingest_and_build(db, *(REWORK / name for name in (
        "people.csv", "aliases.csv", "pulls_rest.json", "gh_pr_list.json", "cursor_usage.csv")))  # fmt: skip
    return db


def test_reverts_are_found_by_body_and_title_inside_the_window_only(rework_db: Path) -> None:
    outcomes = query(rework_db, """
        select outcome_id, is_reverted, is_revert, reverted_by_outcome_id, reverted_at::varchar, is_durable
        from marts.fct_outcomes order by occurred_at""")  # fmt: skip
    assert outcomes == [
        ("github:acme/api#5", False, False, None, None, True),  # its revert (#6) came 39 days later
        ("github:acme/api#8", False, False, None, None, True),  # the older "Fix login": not the one #4 reverts
        ("github:acme/api#1", True, False, "github:acme/api#2", "2026-10-04 10:00:00+00", False),
        ("github:acme/api#2", False, True, None, None, False),  # body: Reverts acme/api#1
        ("github:acme/api#3", True, False, "github:acme/api#4", "2026-10-08 10:00:00+00", False),
        ("github:acme/api#4", False, True, None, None, False),  # title only, from gh pr list
        ("github:acme/api#6", False, True, None, None, False),  # body: the PR URL, outside the window
        ("github:acme/api#7", False, False, None, None, True),
    ]


def test_rework_shares_stay_unattributed_and_the_durable_pr_keeps_only_its_own(rework_db: Path) -> None:
    rows = query(rework_db, """
        select charge_date::varchar, method, unattributed_reason, coalesce(outcome_id, rework_outcome_id),
               allocated_cost
        from marts.fct_cost_allocation order by charge_date, method, 4""")  # fmt: skip
    half = {1: Decimal("0.5"), 2: Decimal("1"), 3: Decimal("1.5"), 4: Decimal("2"), 5: Decimal("2.5")}
    assert rows == [
        ("2026-09-01", "person_in_flight", None, "github:acme/api#5", Decimal("0.700000000000")),
        ("2026-10-01", "person_in_flight", None, "github:acme/api#7", half[1]),
        ("2026-10-01", "unattributed", "rework", "github:acme/api#1", half[1]),
        ("2026-10-03", "person_in_flight", None, "github:acme/api#7", half[2]),
        ("2026-10-03", "unattributed", "rework", "github:acme/api#2", half[2]),
        ("2026-10-05", "person_in_flight", None, "github:acme/api#7", half[3]),
        ("2026-10-05", "unattributed", "rework", "github:acme/api#3", half[3]),
        ("2026-10-07", "person_in_flight", None, "github:acme/api#7", half[4]),
        ("2026-10-07", "unattributed", "rework", "github:acme/api#4", half[4]),
        ("2026-10-09", "person_in_flight", None, "github:acme/api#7", half[5]),
        ("2026-10-09", "unattributed", "rework", "github:acme/api#6", half[5]),
        ("2026-10-11", "person_in_flight", None, "github:acme/api#7", Decimal("6")),
    ]
    assert ledger_ties_to_billed(rework_db) == Decimal("21.70")


def test_marts_count_durable_outcomes_only_and_show_the_rework(rework_db: Path) -> None:
    outcome_costs = query(rework_db, "select outcome_id, attributed_cost from marts.mart_outcome_cost order by 1")
    assert outcome_costs == [
        ("github:acme/api#5", Decimal("0.7")),
        ("github:acme/api#7", Decimal("13.5")),
        ("github:acme/api#8", Decimal("0")),
    ]
    per_outcome = query(rework_db, """
        select period_month::varchar, outcome_count, attributed_cost, cost_per_outcome
        from marts.mart_cost_per_outcome where team_id = 'payments' and outcome_type = 'pr_merged'
        order by period_month""")  # fmt: skip
    assert per_outcome == [
        ("2026-09-01", 2, Decimal("0.7"), Decimal("0.35")),
        ("2026-10-01", 1, Decimal("13.5"), Decimal("13.5")),
    ]
    team_spend = query(rework_db, """
        select period_month::varchar, total_cost, attributed_cost, unattributed_cost, unattributed_rework_cost
        from marts.mart_team_spend where team_id = 'payments' order by period_month""")  # fmt: skip
    assert team_spend == [
        ("2026-09-01", Decimal("0.7"), Decimal("0.7"), Decimal("0"), Decimal("0")),
        ("2026-10-01", Decimal("21"), Decimal("13.5"), Decimal("7.5"), Decimal("7.5")),
    ]


def test_a_revert_merged_on_or_after_as_of_has_not_happened_yet(rework_db: Path, tmp_path: Path) -> None:
    """Built as of 2026-10-04, the reverts of #1 (merged 2026-10-04 10:00) and #3 are after the build's day: both
    are durable (the outcomes after as_of are in no allocation)."""
    db = tmp_path / "as_of.duckdb"
    shutil.copyfile(rework_db, db)
    assert dbt.run("build", db, as_of="2026-10-04", args=("--quiet",)) == 0
    outcomes = query(db, "select outcome_id, is_reverted, is_durable from marts.fct_outcomes where outcome_id in "
                         "('github:acme/api#1', 'github:acme/api#3') order by 1")  # fmt: skip
    assert outcomes == [("github:acme/api#1", False, True), ("github:acme/api#3", False, True)]
