"""Incremental builds: one more day of files on a built warehouse rebuilds only its window, and every mart is then
exactly what a --full-refresh gives; a restated bill for an old day still replaces that day's lines; a changed
directory rebuilds everything. Real files (the demo company split at its last day), real ingests, real dbt builds."""

from __future__ import annotations

import json
import shutil
import sys
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from conftest import PROJECT_DIR, query, run_cli

from ingest import demo

sys.path.insert(0, str(PROJECT_DIR / "bench"))
from bench_build import marts_differences
from day_split import split_at_day

LAST_DAY = date(2026, 10, 31)


def build(db: Path, as_of: str, *args: str) -> None:
    result = run_cli("build", "--db", db, "--as-of", as_of, *args)
    assert result.exit_code == 0, result.output[-3000:]


def window(db: Path) -> tuple[bool, date]:
    return query(db, "select is_full_rebuild, window_start from intermediate.int_allocation__window")[0]


def full_refresh_copy(db: Path, as_of: str) -> Path:
    copy = db.with_name(db.stem + "_full.duckdb")
    shutil.copyfile(db, copy)
    build(copy, as_of, "--full-refresh")
    return copy


@pytest.fixture(scope="module")
def day_later(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[Path]]:
    """The demo company built as of its last day, then that day's files loaded and built incrementally."""
    root = tmp_path_factory.mktemp("incremental")
    files = demo.generate(root / "demo-data")  # in load order: the directory first
    before, day_files = split_at_day(files, LAST_DAY, root / "split")
    db = root / "warehouse.duckdb"
    assert run_cli("ingest", *before, "--db", db).exit_code == 0
    build(db, LAST_DAY.isoformat())
    assert window(db)[0], "the first build of a warehouse is a full one"
    assert run_cli("ingest", *day_files, "--db", db).exit_code == 0
    build(db, demo.DEMO_AS_OF)
    return db, day_files


def test_one_more_day_rebuilds_its_window_and_equals_a_full_refresh(day_later: tuple[Path, list[Path]]) -> None:
    db, day_files = day_later
    for kind in ("cost_report", "usage_report", "costs", "usage_completions", "pulls"):
        assert any(kind in p.name for p in day_files), kind
    is_full, window_start = window(db)
    # PRs merged on the day were in flight since September at the earliest: two of the three months move, not all
    assert not is_full and window_start >= date(2026, 9, 1), window_start
    ((lines_of_day, billed_of_day),) = query(
        db, 'select count(*), sum("BilledCost") from marts.fct_ai_cost where x_charge_date = ?', [LAST_DAY]
    )
    assert lines_of_day > 0 and billed_of_day > 0
    differences = marts_differences(db, full_refresh_copy(db, demo.DEMO_AS_OF))
    assert len(differences) >= 8 and differences == dict.fromkeys(differences, 0)


def test_a_restated_old_day_replaces_its_lines_incrementally(
    day_later: tuple[Path, list[Path]], tmp_path: Path
) -> None:
    db, _ = day_later
    restated_day = "2026-08-15"
    source = next(p for p in (db.parent / "split" / "before").iterdir() if p.name.endswith("cost_report_2026-08.json"))
    document = json.loads(source.read_text())
    bucket = next(b for b in document["data"] if b["starting_at"].startswith(restated_day))
    for result in bucket["results"]:  # the provider restates the day: every line one cent more
        result["amount"] = str(Decimal(result["amount"]) + 1)
    restated = tmp_path / f"cost_report_{restated_day}_restated.json"
    restated.write_text(json.dumps({"data": [bucket], "has_more": False, "next_page": None}))
    billed = (
        'select sum("BilledCost") from marts.fct_ai_cost where x_charge_date = ? and "ProviderName" = \'Anthropic\''
    )
    before = query(db, billed, [restated_day])[0][0]
    # the provider's corrected August invoice comes with it, or the build's invoice tie-out fails (as it should)
    ((account, amount),) = query(db, "select billing_account, amount from raw.costper__invoices where not "
                                 "_is_superseded and provider = 'anthropic' and month = date '2026-08-01'")  # fmt: skip
    corrected = tmp_path / "invoices_corrected.csv"
    amount += Decimal("0.01") * len(bucket["results"])
    corrected.write_text(f"provider,billing_account,month,currency,amount\nanthropic,{account},2026-08,USD,{amount}\n")
    assert run_cli("ingest", restated, corrected, "--db", db).exit_code == 0
    build(db, demo.DEMO_AS_OF)
    assert window(db) == (False, date(2026, 8, 1))
    assert query(db, billed, [restated_day])[0][0] == before + Decimal("0.01") * len(bucket["results"])
    differences = marts_differences(db, full_refresh_copy(db, demo.DEMO_AS_OF))
    assert len(differences) >= 8 and differences == dict.fromkeys(differences, 0)


def test_a_changed_directory_rebuilds_everything(day_later: tuple[Path, list[Path]], tmp_path: Path) -> None:
    db, _ = day_later
    people = next(p for p in (db.parent / "split" / "before").iterdir() if p.name.endswith("people.csv"))
    header, first, *rest = people.read_text().splitlines()
    name = first.split(",")[2]
    renamed = tmp_path / "people.csv"  # the directory re-exported with one display name changed
    renamed.write_text("\n".join([header, first.replace(name, name + "-Jones"), *rest]) + "\n")
    assert run_cli("ingest", renamed, "--db", db).exit_code == 0
    build(db, demo.DEMO_AS_OF, "--select", "int_allocation__window")
    assert window(db)[0]
