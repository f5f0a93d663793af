"""The efficiency marts on the real demo: the tokenmaxxing team lands in the waste quadrant every month on its own
numbers, the quadrant thresholds and the routing simulation equal an independent computation from the ledger,
the directory and the price seed, method shares are the ledger's split, and person rows appear only for teams at
or above the group size (a real `costper build` with the var changed)."""

from __future__ import annotations

import csv
import shutil
import subprocess
import sys
from collections import defaultdict
from datetime import date
from decimal import ROUND_HALF_UP, Decimal, localcontext
from pathlib import Path

import pytest
from conftest import PROJECT_DIR, BuiltDemo, query

from ingest.demo import DEMO_AS_OF, DEMO_MONTHS

COSTPER = Path(sys.executable).with_name("costper")
TOKENMAXXING_TEAM = "research-lab"
WASTE = "high_spend_low_outcomes"
TWELVE = Decimal("0.000000000001")


def round12(value: Decimal) -> Decimal:
    """Half away from zero at 12 decimals, as the project's exact ratios round (every value here is positive)."""
    return value.quantize(TWELVE, rounding=ROUND_HALF_UP)


def median(values: list[Decimal]) -> Decimal:
    ordered, n = sorted(values), len(values)
    middle = ordered[n // 2] if n % 2 else (ordered[n // 2 - 1] + ordered[n // 2]) / 2
    return round12(middle)


@pytest.mark.parametrize("month", DEMO_MONTHS)
def test_the_tokenmaxxing_team_is_in_the_waste_quadrant_every_month(built_demo: BuiltDemo, month: str) -> None:
    (row,) = query(built_demo.db, """
        select quadrant, spend_per_head > spend_per_head_threshold, outcomes_per_head > outcomes_per_head_threshold
        from marts.mart_spend_efficiency where grain = 'team' and team_id = ? and period_month = cast(? as date)
    """, [TOKENMAXXING_TEAM, f"{month}-01"])  # fmt: skip
    assert row == (WASTE, True, False)


def per_head_values(db: Path, month: str) -> dict[str, tuple[Decimal, Decimal]]:
    """Spend and weighted outcomes per full-month head for every team with members, from the ledger, the outcome
    costs and the directory, in Python: person-days of each membership stretch clipped to the month."""
    start = date.fromisoformat(f"{month}-01")
    end = date(start.year + start.month // 12, start.month % 12 + 1, 1)
    end = min(end, date.fromisoformat(DEMO_AS_OF))
    days: dict[str, int] = defaultdict(int)
    for team, valid_from, valid_to in query(db, "select team_id, valid_from, valid_to from marts.dim_team_membership"):
        overlap = (min(valid_to or end, end) - max(valid_from, start)).days
        days[team] += max(overlap, 0)
    spend = dict(query(db, "select cost_team_id, sum(allocated_cost) from marts.fct_cost_allocation "
                           "where charge_month = ? group by all", [start]))  # fmt: skip
    weights = dict(query(db, "select team_id, sum(weight) from marts.mart_outcome_cost "
                             "where occurred_month = ? group by all", [start]))  # fmt: skip
    period = (end - start).days
    with localcontext() as ctx:
        ctx.prec = 60
        zero = Decimal(0)
        return {
            team: (round12(spend.get(team, zero) * period / d), round12(weights.get(team, zero) * period / d))
            for team, d in days.items()
            if d > 0
        }


@pytest.mark.parametrize("month", DEMO_MONTHS)
def test_quadrant_thresholds_equal_an_independent_median(built_demo: BuiltDemo, month: str) -> None:
    values = per_head_values(built_demo.db, month)
    spend_threshold = median([spend for spend, _ in values.values()])
    outcomes_threshold = median([outcomes for _, outcomes in values.values()])
    rows = query(built_demo.db, """
        select team_id, spend_per_head, outcomes_per_head, spend_per_head_threshold, outcomes_per_head_threshold,
               quadrant
        from marts.mart_spend_efficiency
        where grain = 'team' and member_days > 0 and period_month = cast(? as date)
    """, [f"{month}-01"])  # fmt: skip
    assert {r[0] for r in rows} == set(values)
    for team, spend, outcomes, spend_cut, outcomes_cut, quadrant in rows:
        assert (spend, outcomes) == values[team], team
        assert (spend_cut, outcomes_cut) == (spend_threshold, outcomes_threshold)
        high_spend, high_outcomes = spend > spend_threshold, outcomes > outcomes_threshold
        expected = f"{'high' if high_spend else 'low'}_spend_{'high' if high_outcomes else 'low'}_outcomes"
        assert quadrant == expected, team


def seed_price(provider: str, model: str, token_type: str, on: date) -> Decimal | None:
    """USD per token from seeds/model_prices.csv: the longest seed model that prefixes the model, the row with the
    latest valid_from on or before the date."""
    with (PROJECT_DIR / "seeds" / "model_prices.csv").open(newline="") as f:
        rows = [r for r in csv.DictReader(f) if r["provider"] == provider and model.startswith(r["model"])]
    if not rows:
        return None
    longest = max(len(r["model"]) for r in rows)
    valid = [r for r in rows if len(r["model"]) == longest and r["token_type"] == token_type
             and date.fromisoformat(r["valid_from"]) <= on]  # fmt: skip
    if not valid:
        return None
    return Decimal(max(valid, key=lambda r: r["valid_from"])["usd_per_million_tokens"]) / 1_000_000


def test_routing_reprices_the_token_mix_at_the_seed_price_of_each_charge_date(built_demo: BuiltDemo) -> None:
    (chosen,) = query(built_demo.db, """
        select period_month, outcome_type, billing_currency, provider, model_canonical, routed_to_model,
               list_cost, simulated_cost, potential_savings, total_tokens
        from marts.mart_model_efficiency
        where period_month = cast(? as date)
        order by potential_savings desc limit 1
    """, [f"{DEMO_MONTHS[-1]}-01"])  # fmt: skip
    month, outcome_type, currency, provider, model, routed, list_cost, simulated, savings, total_tokens = chosen
    assert routed != model and savings > 0
    mix = query(built_demo.db, """
        select price_token_type, charge_date, tokens from intermediate.int_efficiency__model_token_mix
        where occurred_month = ? and outcome_type = ? and billing_currency = ? and provider = ? and model_canonical = ?
    """, [month, outcome_type, currency, provider, model])  # fmt: skip
    own = [(tokens, seed_price(provider, model, k, d), seed_price(provider, routed, k, d)) for k, d, tokens in mix if k]
    assert own and all(own_price is not None and routed_price is not None for _, own_price, routed_price in own)
    assert list_cost == sum(round12(tokens * own_price) for tokens, own_price, _ in own)
    assert simulated == sum(round12(tokens * routed_price) for tokens, _, routed_price in own)
    assert savings == list_cost - simulated
    # the mix is the ledger's: the same tokens as the model's allocations to those outcomes
    (ledger_tokens,) = query(built_demo.db, """
        select sum(l.allocated_tokens) from marts.fct_cost_allocation l
        join marts.mart_outcome_cost o on l.outcome_id = o.outcome_id and l.billing_currency = o.billing_currency
        where o.occurred_month = ? and l.outcome_type = ? and l.billing_currency = ? and lower(l.provider) = ?
            and l.x_model_canonical = ?
    """, [month, outcome_type, currency, provider, model])[0]  # fmt: skip
    assert total_tokens == ledger_tokens
    assert abs(sum(tokens for _, _, tokens in mix if tokens is not None) - ledger_tokens) < Decimal("1e-9")


def cumulative_shares(direct: Decimal, in_flight: Decimal, team: Decimal) -> tuple[Decimal, Decimal, Decimal]:
    total = direct + in_flight + team
    with localcontext() as ctx:
        ctx.prec = 60
        up_to_direct, up_to_in_flight = round12(direct / total), round12((direct + in_flight) / total)
    return up_to_direct, up_to_in_flight - up_to_direct, 1 - up_to_in_flight


def test_method_shares_sum_to_one_and_are_the_ledgers_split(built_demo: BuiltDemo) -> None:
    for mart in ("mart_cost_per_outcome", "mart_spend_efficiency", "mart_model_efficiency"):
        (bad, with_cost) = query(built_demo.db, f"""
            select count(*) filter (where direct_share + person_in_flight_share + team_period_share <> 1),
                   count(*) filter (where attributed_cost <> 0)
            from marts.{mart} where attributed_cost <> 0
        """)[0]  # fmt: skip
        assert (bad, with_cost > 0) == (0, True), mart
    # a row whose cost came by all three methods, against fct_cost_allocation's own split
    (team, outcome_type, month, shares) = query(built_demo.db, """
        select team_id, outcome_type, period_month, (direct_share, person_in_flight_share, team_period_share)
        from marts.mart_cost_per_outcome
        where direct_share > 0 and person_in_flight_share > 0 and team_period_share > 0
        order by period_month desc, attributed_cost desc limit 1
    """)[0]  # fmt: skip
    by_method = dict(query(built_demo.db, """
        select l.method, sum(l.allocated_cost) from marts.fct_cost_allocation l
        join marts.mart_outcome_cost o on l.outcome_id = o.outcome_id and l.billing_currency = o.billing_currency
        where o.team_id = ? and l.outcome_type = ? and o.occurred_month = ? group by all
    """, [team, outcome_type, month]))  # fmt: skip
    assert set(by_method) == {"direct", "person_in_flight", "team_period"}
    expected = cumulative_shares(by_method["direct"], by_method["person_in_flight"], by_method["team_period"])
    assert shares == expected
    assert sum(expected) == 1


def team_sizes(db: Path) -> dict[tuple[date, str], int]:
    """People with at least one day of membership in each team and demo month, from the directory."""
    sizes = {}
    for month in DEMO_MONTHS:
        start = date.fromisoformat(f"{month}-01")
        end = date(start.year + start.month // 12, start.month % 12 + 1, 1)
        for team, n in query(db, """
            select team_id, count(distinct person_id) from marts.dim_team_membership
            where valid_from < ? and (valid_to is null or valid_to > ?) group by all
        """, [end, start]):  # fmt: skip
            sizes[(start, team)] = n
    return sizes


def person_row_teams(db: Path) -> dict[tuple[date, str], int]:
    rows = query(db, "select period_month, team_id, count(*) from marts.mart_spend_efficiency "
                     "where grain = 'person' group by all")  # fmt: skip
    return {(m, t): n for m, t, n in rows}


def test_person_rows_only_for_teams_at_or_above_the_group_size(built_demo: BuiltDemo, tmp_path: Path) -> None:
    sizes = team_sizes(built_demo.db)
    # the default group size (5): every demo team is larger, so every member of every team has a row
    assert person_row_teams(built_demo.db) == {key: n for key, n in sizes.items() if n >= 5}
    # a real build with the group size at 10: teams of fewer members (research-lab has 8 or 9) lose their person
    # rows, a team of exactly 10 (security) keeps them, and the team rows and quadrants do not move
    db = tmp_path / "w.duckdb"
    shutil.copy(built_demo.db, db)
    done = subprocess.run(
        [str(COSTPER), "build", "--db", str(db), "--as-of", DEMO_AS_OF, "--select", "int_efficiency__scope_months+",
         "--vars", "{efficiency_min_group_size: 10}"],
        capture_output=True, text=True, cwd=PROJECT_DIR, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    kept = person_row_teams(db)
    assert kept == {key: n for key, n in sizes.items() if n >= 10}
    assert {t for (_, t) in kept} >= {"security"} and TOKENMAXXING_TEAM not in {t for (_, t) in kept}
    assert min(n for (_, t), n in sizes.items() if t == "security") == 10
    team_rows = "select * from marts.mart_spend_efficiency where grain = 'team' order by spend_efficiency_id"
    assert query(db, team_rows) == query(built_demo.db, team_rows)


def test_the_cost_per_outcome_export_carries_the_method_shares(built_demo: BuiltDemo, demo_export: Path) -> None:
    with demo_export.open(newline="") as f:
        rows = list(csv.DictReader(f))
    shares = ("direct_share", "person_in_flight_share", "team_period_share")
    for row in rows:
        if row["outcome_type"] == "(unattributed)" or not row["direct_share"]:
            assert [row[s] for s in shares] == ["", "", ""], row
        else:
            assert sum(Decimal(row[s]) for s in shares) == 1, row
    mart = {(t, o): s for t, o, *s in query(built_demo.db, f"""
        select team_id, outcome_type, {", ".join(shares)} from marts.mart_cost_per_outcome
        where period_month = date '2026-10-01' and attributed_cost <> 0""")}  # fmt: skip
    exported = {(r["team_id"], r["outcome_type"]): [Decimal(r[s]) for s in shares] for r in rows if r["direct_share"]}
    assert exported == mart and len(mart) > 10
