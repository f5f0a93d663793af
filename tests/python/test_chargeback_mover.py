"""A person who moves teams mid-month is charged to the old team (and its cost centre) up to the day of the move
and to the new one from that day, in fct_ai_cost, in mart_finance_chargeback and in the finance export."""

from __future__ import annotations

import csv
import subprocess
import sys
from collections import defaultdict
from decimal import Decimal
from pathlib import Path

from conftest import PROJECT_DIR, BuiltDemo, query

from ingest.demo.catalog import SWITCH, TEAMS

FROM_TEAM, _, TO_TEAM, SWITCH_DAY = SWITCH
COST_CENTER = {team.team_id: team.cost_center for team in TEAMS}


def mover(db: Path) -> str:
    (person_id,) = query(
        db, "select person_id from marts.dim_team_membership group by 1 having count(distinct team_id) > 1"
    )[0]
    return person_id


def test_the_movers_lines_change_team_on_the_day_of_the_move(built_demo: BuiltDemo) -> None:
    person_id = mover(built_demo.db)
    sides = query(
        built_demo.db,
        """
        select x_charge_date >= ? as after_move, x_team_id, count(*), sum(BilledCost)
        from marts.fct_ai_cost where x_person_id = ? and ChargeCategory = 'Usage'
        group by all order by all
        """,
        [SWITCH_DAY, person_id],
    )
    assert [(after, team) for after, team, _, _ in sides] == [(False, FROM_TEAM), (True, TO_TEAM)]
    assert all(count > 0 and cost > 0 for _, _, count, cost in sides)


def test_chargeback_carries_each_side_of_the_move_on_its_own_team_and_cost_center(built_demo: BuiltDemo) -> None:
    """The move month's chargeback, per team and cost centre, equals the ledger lines charged to each team (so the
    mover's days before the move sit on the old team's cost centre and the rest on the new one's)."""
    month = SWITCH_DAY.replace(day=1)
    expected = dict(
        query(
            built_demo.db,
            """
            select x_team_id, sum(BilledCost) from marts.fct_ai_cost
            where x_team_id in (?, ?) and date_trunc('month', x_charge_date) = ?
            group by 1
            """,
            [FROM_TEAM, TO_TEAM, month],
        )
    )
    charged = query(
        built_demo.db,
        """
        select team_id, cost_center, sum(billed_cost) from marts.mart_finance_chargeback
        where team_id in (?, ?) and charge_month = ? group by 1, 2 order by 1
        """,
        [FROM_TEAM, TO_TEAM, month],
    )
    assert charged == sorted((team, COST_CENTER[team], expected[team]) for team in (FROM_TEAM, TO_TEAM))
    person_id = mover(built_demo.db)
    mover_to_new = query(
        built_demo.db,
        "select sum(BilledCost) from marts.fct_ai_cost where x_person_id = ? and x_team_id = ? "
        "and date_trunc('month', x_charge_date) = ?",
        [person_id, TO_TEAM, month],
    )[0][0]
    assert Decimal(0) < mover_to_new < expected[TO_TEAM]


def test_finance_export_of_the_move_month_has_both_cost_centers(built_demo: BuiltDemo, tmp_path: Path) -> None:
    month = SWITCH_DAY.strftime("%Y-%m")
    out = tmp_path / "finance.csv"
    done = subprocess.run(
        [str(Path(sys.executable).with_name("costper")), "export", "finance", "--db", str(built_demo.db),
         "--month", month, "--out", str(out)],
        capture_output=True, text=True, cwd=PROJECT_DIR, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    by_team: dict[str, set[str]] = defaultdict(set)
    with out.open(newline="") as f:
        for row in csv.DictReader(f):
            by_team[row["team_id"]].add(row["cost_center"])
    assert by_team[FROM_TEAM] == {COST_CENTER[FROM_TEAM]}
    assert by_team[TO_TEAM] == {COST_CENTER[TO_TEAM]}
