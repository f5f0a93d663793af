"""Exit codes a scheduler can use (README "Exit codes"), and every command through each bad situation: bad
input, a busy warehouse, a missing warehouse, a warehouse with no marts yet. Each is exactly one line on stderr
and its documented code, and no traceback anywhere. Real `costper` processes on real warehouses."""

from __future__ import annotations

import json
import os
import shutil
import signal
from pathlib import Path

import duckdb
import pytest
from conftest import FIXTURES, BuiltDemo
from fault_helpers import costper, hold_stopped, usage_file

from ingest import lock

OK, INTERNAL, REFUSED, QUARANTINED, BUSY = 0, 1, 2, 3, 4

READS = {
    "status": ["status"],
    "query": ["query", "select count(*) from marts.fct_ai_cost"],
    "export": ["export", "cost-per-outcome", "--month", "2026-10", "--out", "{tmp}/out.csv"],
}
WRITES = {
    "ingest": ["ingest", str(FIXTURES / "openai/costs.json")],
    "build": ["build", "--as-of", "2026-11-01"],
    "demo": ["demo", "--data-dir", "{tmp}/demo-data", "--exports-dir", "{tmp}/exports"],
    "export-raw": ["export-raw", "--parquet", "{tmp}/parquet"],
}


def run(command: list[str], db: Path, tmp: Path, *extra: str):
    on_db = [] if command[0] == "formats" else ["--db", str(db)]  # formats reads no warehouse
    done = costper(*[part.format(tmp=tmp) for part in command], *on_db, *extra)
    assert "Traceback" not in done.stdout + done.stderr, done.stderr
    return done


def one_line(done) -> str:
    lines = done.stderr.splitlines()
    assert len(lines) == 1, done.stderr
    return lines[0]


@pytest.fixture(scope="module")
def raw_only(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A warehouse with files loaded and no build yet: no marts."""
    db = tmp_path_factory.mktemp("raw_only") / "w.duckdb"
    assert costper("ingest", FIXTURES / "openai/costs.json", "--db", db).returncode == OK
    return db


BAD_INPUT = {
    "ingest": (["ingest", str(FIXTURES / "anthropic/cost_report_missing_amount.json")], "error: cost_report_missing"),
    "build": (["build", "--as-of", "2026-13-45"], "error: Invalid value for '--as-of'"),
    "demo": (["demo", "--seed", "many"], "error: Invalid value for '--seed'"),
    "status": (["status", "--quarantine", "all"], "error: Invalid value for '--quarantine'"),
    "query": (["query", "selec 1"], 'error: Parser Error: syntax error at or near "selec"'),
    "export": (["export", "cost-per-outcome", "--month", "2026-13", "--out", "{tmp}/o.csv"], "error: --month must"),
    "export-raw": (["export-raw", "--parquet", str(FIXTURES / "openai/costs.json")], "error: Invalid value for"),
    "formats": (["formats", "no_such_source"], "error: Invalid value for '[anthropic_cost|"),
}


@pytest.mark.parametrize("name", sorted(BAD_INPUT))
def test_bad_input_is_one_line_and_exit_2(name: str, built_demo: BuiltDemo, tmp_path: Path) -> None:
    db = tmp_path / "w.duckdb"
    shutil.copyfile(built_demo.db, db)
    command, starts = BAD_INPUT[name]
    done = run(command, db, tmp_path)
    assert done.returncode == REFUSED, done.stderr
    assert one_line(done).startswith(starts)


@pytest.mark.parametrize("name", sorted({**READS, **WRITES}))
def test_a_busy_warehouse_is_one_line_and_exit_4(name: str, tmp_path: Path) -> None:
    db = tmp_path / "w.duckdb"
    holder = hold_stopped(db, usage_file(tmp_path / "usage.jsonl", rows=100_000, first_hour="2026-01-01 00:00:00"))
    try:
        held = lock.read_holder(db)
        done = run({**READS, **WRITES}[name], db, tmp_path, *(["--wait", "0"] if name in WRITES else []))
        assert done.returncode == BUSY, done.stderr
        by = f"held by PID {holder.pid} (costper ingest) since {held.since}"
        if name in WRITES:
            assert (
                one_line(done) == f"error: the warehouse {db} is busy: {by} (--wait 0; --wait SECONDS to wait longer)"
            )
        else:
            assert (
                one_line(done) == f"error: the warehouse {db} is busy: {by}, writing it; run this again when it is done"
            )
    finally:
        os.kill(holder.pid, signal.SIGCONT)
        holder.wait(timeout=120)


@pytest.mark.parametrize("name", [*sorted(READS), "export-raw", "build"])
def test_a_missing_warehouse_is_one_line_and_creates_none(name: str, tmp_path: Path) -> None:
    db = tmp_path / "typo.duckdb"
    done = run({**READS, **WRITES}[name], db, tmp_path)
    if name == "build":  # a scheduled build before the first export: nothing to do, not an error
        assert (done.returncode, done.stderr) == (OK, "")
        assert done.stdout == f"nothing is loaded yet in {db}: run costper ingest first\n"
    else:
        assert done.returncode == REFUSED
        assert one_line(done) == (f"error: no warehouse at {db} (does not exist): run `costper ingest PATH...` "
                                  "or `costper demo` first")  # fmt: skip
    assert sorted(p.name for p in tmp_path.iterdir()) == []


def test_reads_of_a_warehouse_with_no_marts_yet(raw_only: Path, tmp_path: Path) -> None:
    export = run(READS["export"], raw_only, tmp_path)
    assert export.returncode == REFUSED
    assert one_line(export) == f"error: the warehouse {raw_only} has no marts yet: run `costper build` first"
    query = run(READS["query"], raw_only, tmp_path)
    assert query.returncode == REFUSED
    assert one_line(query).startswith('error: Catalog Error: Table with name "marts.fct_ai_cost" does not exist')
    status = run(READS["status"], raw_only, tmp_path)
    assert (status.returncode, status.stderr) == (OK, "")
    assert not (tmp_path / "out.csv").exists()


def test_an_internal_error_is_one_line_and_exit_1_with_the_traceback_on_verbose(tmp_path: Path) -> None:
    db = tmp_path / "w.duckdb"
    assert costper("ingest", FIXTURES / "openai/costs.json", "--db", db).returncode == OK
    with duckdb.connect(str(db)) as con:  # a manifest no costper wrote: status's query cannot bind
        con.execute("alter table raw._ingest_files drop column rows_superseded")
    done = costper("status", "--db", db)
    assert done.returncode == INTERNAL
    (line,) = done.stderr.splitlines()
    assert line.startswith('internal error: BinderException: Binder Error: Column "rows_superseded" referenced')
    assert line.endswith(" (rerun with --verbose for the traceback)")
    verbose = costper("--verbose", "status", "--db", db)
    assert verbose.returncode == INTERNAL
    assert verbose.stderr.startswith("Traceback (most recent call last):")
    assert verbose.stderr.splitlines()[-1] == done.stderr.strip()


def test_billed_money_in_quarantine_exits_3(tmp_path: Path) -> None:
    db = tmp_path / "w.duckdb"
    done = costper("ingest", FIXTURES / "anthropic/cost_report_bad_rows.json", FIXTURES / "openai/costs.json",
                   "--db", db)  # fmt: skip
    assert done.returncode == QUARANTINED
    assert done.stderr.splitlines() == [
        "warning: cost_report_bad_rows.json: 5 quarantined rows hold billed money, in no mart until the file is "
        "fixed and loaded again; costper status lists them"
    ]
    assert len(done.stdout.splitlines()) == 2  # both files loaded


def test_a_file_whose_every_row_was_quarantined_exits_3(tmp_path: Path) -> None:
    page = json.loads((FIXTURES / "anthropic/usage_report_hourly.json").read_text())
    page["has_more"] = False  # the fixture says more pages follow: a warning of its own, not this test's
    for bucket in page["data"]:
        for result in bucket["results"]:
            result["output_tokens"] = -1
    page["has_more"] = False  # the whole export: only the quarantine warning is expected
    bad = tmp_path / "usage_all_bad.json"
    bad.write_text(json.dumps(page))
    done = costper("ingest", bad, "--db", tmp_path / "w.duckdb")
    assert done.returncode == QUARANTINED
    rows = sum(len(b["results"]) for b in page["data"])
    assert rows == 1
    assert done.stderr == ("warning: usage_all_bad.json: every row was quarantined (1 row): nothing of this "
                           "file is in any mart; costper status lists the reasons\n")  # fmt: skip


def test_quarantined_rows_of_zero_billed_money_exit_0(tmp_path: Path) -> None:
    page = json.loads((FIXTURES / "openai/costs.json").read_text())
    extra = dict(page["data"][0]["results"][0], amount={"value": "0", "currency": "zzz"}, line_item="free tier")
    page["data"][0]["results"].append(extra)
    path = tmp_path / "costs_free_line.json"
    path.write_text(json.dumps(page))
    done = costper("ingest", path, "--db", tmp_path / "w.duckdb")
    assert (done.returncode, done.stderr) == (OK, "")
    assert ", 2 rows loaded, 1 quarantined," in done.stdout
