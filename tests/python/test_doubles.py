"""Money loaded through two doors is counted once (README "Same money through two sources"): a seats CSV row
over the Copilot seats API's seed-priced seat for the same person and day, Cursor's Admin API events over its
dashboard CSV on the same day, LiteLLM's estimate over Claude Code analytics' for the same person, day and model.
The set-aside lines stay visible (int_cost__superseded_lines, `costper status`) and billed money is conserved.
Real files, real DuckDB, a real dbt build."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
import yaml
from conftest import FIXTURES, query, run_cli
from fault_helpers import costper
from test_real_company import ingest_and_build
from test_seats import share

from ingest import dbt
from ingest.quarantined_money import BILLED_AMOUNT_PATHS
from ingest.warehouse import PROJECT_DIR

DOUBLES = FIXTURES / "doubles"


@pytest.fixture(scope="module")
def doubled(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("doubles") / "w.duckdb"
    ingest_and_build(db, *sorted(p for p in DOUBLES.iterdir() if p.is_file()))
    return db


def by_source(db: Path, table: str) -> dict[str, tuple[int, Decimal, Decimal | None]]:
    rows = query(db, f"select x_source, count(*), sum(BilledCost), sum(x_estimated_cost) from {table} group by all")
    return {source: (n, billed, estimated) for source, n, billed, estimated in rows}


def test_each_overlap_is_counted_once(doubled: Path) -> None:
    assert by_source(doubled, "marts.fct_ai_cost") == {
        # the seats CSV's own fee for Bao's October, 31 days; the API's seed-priced seat of Oct 11-31 is set aside
        "costper_seats": (31, Decimal("21.000000"), None),
        # Cursor's API events of Oct 4 (0.1113 + 0 + 0.004375); the CSV keeps only Oct 5, which the API lacks
        "cursor_usage_events": (3, Decimal("0.115675"), None),
        "cursor_usage_csv": (1, Decimal("0.320000"), None),
        # LiteLLM's two requests (1.25 + 0.75, input and output lines); Claude Code keeps Oct 3 only (40 cents)
        "litellm_spend_logs": (4, Decimal("0.000000"), Decimal("2.00")),
        "claude_code_analytics": (2, Decimal("0.000000"), Decimal("0.40")),
    }


def test_the_superseded_lines_stay_visible_and_billed_money_is_conserved(doubled: Path) -> None:
    api_seats = share("19", 31, 11, 31)  # the seed's 19 a month, Oct 11-31
    assert by_source(doubled, "intermediate.int_cost__superseded_lines") == {
        "github_copilot_seats": (21, api_seats, None),
        "cursor_usage_csv": (2, Decimal("0.12"), None),
        "claude_code_analytics": (2, Decimal("0"), Decimal("1.30")),
    }
    loaded = query(doubled, "select sum(BilledCost) from intermediate.int_cost__unified")[0][0]
    kept = query(doubled, "select sum(BilledCost) from marts.fct_ai_cost")[0][0]
    assert loaded == kept + api_seats + Decimal("0.12")
    status = run_cli("status", "--db", doubled)
    assert status.exit_code == 0, status.output
    superseded = [line for line in status.output.splitlines() if line.startswith("Superseded:")]
    assert superseded == [
        "Superseded: 2 lines / USD 1.30 estimated from claude_code_analytics superseded by litellm_spend_logs "
        "(an estimate of the same person, day and model), counted once, in no mart",
        "Superseded: 2 lines / USD 0.12 billed from cursor_usage_csv superseded by cursor_usage_events "
        "(the same provider and day), counted once, in no mart",
        "Superseded: 21 lines / USD 12.87 billed from github_copilot_seats superseded by costper_seats "
        "(a seat of the same vendor, person and day), counted once, in no mart",
    ]


@pytest.mark.parametrize("alone", ["copilot_seats.json", "cursor_usage_export.csv", "claude_code.json"])
def test_a_single_source_of_each_kind_loses_nothing(alone: str, tmp_path: Path) -> None:
    db = tmp_path / "w.duckdb"
    ingest_and_build(db, DOUBLES / "people.csv", DOUBLES / "aliases.csv", DOUBLES / alone)
    assert query(db, "select count(*) from intermediate.int_cost__superseded_lines") == [(0,)]


def test_the_builds_billed_sources_are_ingests() -> None:
    """The build's warning (var billed_amount_paths) covers exactly the sources whose quarantine exits ingest 3."""
    project = yaml.safe_load((PROJECT_DIR / "dbt_project.yml").read_text())
    assert project["vars"]["billed_amount_paths"] == BILLED_AMOUNT_PATHS
    assert {"cursor_usage_events", "cursor_usage_csv", "github_copilot_seats"} <= set(BILLED_AMOUNT_PATHS)
    assert "litellm_spend_logs" not in BILLED_AMOUNT_PATHS  # an estimate: no bill is short by it


@pytest.mark.parametrize("bad", [FIXTURES / "cursor/usage_export.csv", DOUBLES / "bad/copilot_seats_bad_row.json"])
def test_quarantined_billed_money_exits_3_in_ingest_and_in_build(bad: Path, tmp_path: Path) -> None:
    db = tmp_path / "w.duckdb"
    ingest = run_cli("ingest", bad, "--db", db)
    assert ingest.exit_code == 3, ingest.output
    assert dbt.run("build", db, as_of="2026-11-01") == 3  # not --quiet: dbt then logs no test result to count


def test_claude_code_cents_given_as_json_numbers_are_read_to_the_digit(tmp_path: Path) -> None:
    """DuckDB reads a JSON number through a double (12345678901234.5678 -> 12345678901234.568): the reader stages
    the file's own digits, so the estimate staging reads is exact."""
    db = tmp_path / "w.duckdb"
    done = run_cli("ingest", DOUBLES / "exact/claude_code_number_cents.json", "--db", db)
    assert done.exit_code == 0, done.output
    amounts = "unnest(json_extract_string(model_breakdown, '$[*].estimated_cost.amount'))"
    rows = query(db, f"select {amounts} from raw.anthropic__claude_code_usage")
    assert rows == [("12345678901234.5678",), ("0.1",), ("0.2",)]
    dollars = query(db, f"select sum(cast(a as decimal(38, 12)) * 0.01) from (select {amounts} as a "
                        "from raw.anthropic__claude_code_usage)")  # fmt: skip
    assert dollars == [(Decimal("123456789012.348678"),)]


def test_a_focus_file_with_a_misspelt_required_column_is_refused_naming_it(tmp_path: Path) -> None:
    """Every FOCUS column of a real export but BilledCost, spelt BiledCost: not 'unrecognised', but that column."""
    done = costper("ingest", DOUBLES / "focus/focus_misspelt_billed_cost.csv", "--db", tmp_path / "w.duckdb")
    assert done.returncode == 2
    assert done.stderr.splitlines() == [
        'error: focus_misspelt_billed_cost.csv: field "BilledCost": a FOCUS file without its required BilledCost '
        "column (is BiledCost a misspelling?)"
    ]
