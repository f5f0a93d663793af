"""`costper run`, the scheduled job, on the demo organisation's files as an inbox: real runs in subprocesses.

One sequence, run once for the module (it builds the demo once): a first run, with a second started while the
first holds the warehouse; the same run again; a bad file dropped in the inbox; `costper status`.
"""

from __future__ import annotations

import csv
import subprocess
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import pytest
from conftest import PROJECT_DIR, query
from fault_helpers import costper, start, wait_for

from ingest import demo, lock
from ingest.readers import REGISTRY

AS_OF = "2026-11-01"
MONTH = "2026-10"  # the last complete month before AS_OF
EXPORTS = {"cost-per-outcome": f"cost_per_outcome_{MONTH}.csv", "finance": f"finance_{MONTH}.csv",
           "focus": f"focus_{MONTH}.csv"}  # fmt: skip
EXPORT_FILES = tuple(EXPORTS.values())
DEMO_WARNING_TEST = "tests/dbt/staging/assert_done_jira_issues_have_a_resolution.sql"  # the demo build's one warning
BAD_FILE = "mystery.json"
EMPTY_MONTH = "2026-07"  # before the demo's first charge
TOKEN_TYPES = ("input", "output", "cache_read", "cache_write", "reasoning")


@dataclass(frozen=True)
class Outcome:
    returncode: int
    stdout: str
    stderr: str


@dataclass
class Sequence:
    db: Path
    inbox: Path
    outbox: Path
    inbox_files: int
    first: Outcome
    busy: Outcome
    busy_holder: lock.Holder
    first_pid: int
    second: Outcome
    bad: Outcome
    status: Outcome
    empty_month: Outcome
    snapshots: dict[str, dict]  # after each run: marts, outbox bytes and mtimes, manifest and builds rows


def _outcome(done: subprocess.CompletedProcess[str] | subprocess.Popen[str], out: str, err: str) -> Outcome:
    return Outcome(done.returncode, out, err)


def marts_snapshot(db: Path) -> dict[str, tuple]:
    """Every mart's row count and a hash of all its rows: a changed total, row or value shows."""
    tables = query(db, "select table_name from information_schema.tables where table_schema = 'marts' "
                       "and table_type = 'BASE TABLE' order by 1")  # fmt: skip
    rows = "select count(*), md5(coalesce(string_agg(r::varchar, chr(10) order by r::varchar), '')) from marts.{} as r"
    return {name: query(db, rows.format(name))[0] for (name,) in tables}


def snapshot(db: Path, outbox: Path) -> dict:
    files = sorted(outbox.iterdir()) if outbox.exists() else []
    return {
        "marts": marts_snapshot(db),
        "outbox": {f.name: (f.read_bytes(), f.stat().st_mtime_ns) for f in files},
        "manifest": query(db, "select count(*) from raw._ingest_files")[0][0],
        "builds": query(db, "select count(*) from costper_state.builds")[0][0],
        "billed": query(db, "select sum(BilledCost) from marts.fct_ai_cost")[0][0],
        "allocated": query(db, "select sum(allocated_cost) from marts.fct_cost_allocation")[0][0],
    }


@pytest.fixture(scope="module")
def sequence(tmp_path_factory: pytest.TempPathFactory) -> Sequence:
    root = tmp_path_factory.mktemp("run")
    db, inbox, outbox = (root / "w.duckdb").resolve(), root / "inbox", root / "outbox"
    files = demo.generate(inbox)
    args = ("run", "--inbox", inbox, "--outbox", outbox, "--db", db, "--as-of", AS_OF)
    first = start(*args)
    wait_for(lambda: lock.read_holder(db).pid == first.pid or first.poll() is not None, what="the first run's lock")
    holder = lock.read_holder(db)
    busy = costper(*args, "--wait", "1")
    out, err = first.communicate(timeout=900)
    assert first.returncode == 0, out[-3000:] + err[-3000:]
    snapshots = {"first": snapshot(db, outbox)}
    second = costper(*args)
    snapshots["second"] = snapshot(db, outbox)
    (inbox / BAD_FILE).write_text('{"hello": 1}\n')
    bad = costper(*args)
    snapshots["bad"] = snapshot(db, outbox)
    status = costper("status", "--db", db)
    (inbox / BAD_FILE).unlink()
    empty_month = costper(*args, "--month", EMPTY_MONTH)
    snapshots["empty month"] = snapshot(db, outbox)
    return Sequence(db, inbox, outbox, len(files), _outcome(first, out, err), _outcome(busy, busy.stdout, busy.stderr),
                    holder, first.pid, _outcome(second, second.stdout, second.stderr),
                    _outcome(bad, bad.stdout, bad.stderr), _outcome(status, status.stdout, status.stderr),
                    _outcome(empty_month, empty_month.stdout, empty_month.stderr), snapshots)  # fmt: skip


def test_the_first_run_loads_every_file_builds_and_writes_the_months_exports(sequence: Sequence) -> None:
    first = sequence.first
    assert first.returncode == 0, first.stdout[-3000:] + first.stderr[-3000:]
    lines = first.stdout.splitlines()
    assert lines[0] == f"ingested {sequence.inbox_files} new files ({_rows_loaded(sequence.db):,} rows loaded, " \
                       "0 quarantined); 0 already loaded"  # fmt: skip
    assert any(line.startswith("dbt build: ") for line in lines)
    assert lines[-len(EXPORTS) - 1 :] == [
        *(f"export {command} {MONTH}: {sequence.outbox / name} ({_data_rows(sequence.outbox / name)} rows, written)"
          for command, name in EXPORTS.items()),
        f"run: {sequence.inbox_files} files loaded, build done, exports: {len(EXPORTS)} written, 0 unchanged in "
        f"{sequence.outbox}; exit 0",
    ]  # fmt: skip
    assert sorted(sequence.snapshots["first"]["outbox"]) == sorted(EXPORT_FILES)  # no staging file left behind
    # the exports are those the export commands write from the same warehouse
    for command, name in EXPORTS.items():
        again = sequence.outbox.parent / f"again_{name}"
        assert costper("export", command, "--month", MONTH, "--out", again, "--db", sequence.db).returncode == 0
        assert again.read_bytes() == sequence.snapshots["first"]["outbox"][name][0]


def test_a_second_run_while_the_first_holds_the_warehouse_says_who_and_exits_4(sequence: Sequence) -> None:
    holder, db = sequence.busy_holder, sequence.db
    assert (holder.pid, holder.command) == (sequence.first_pid, "costper run")
    assert (sequence.busy.returncode, sequence.busy.stdout) == (4, "")
    assert sequence.busy.stderr.splitlines() == [
        f"waiting for the warehouse: held by PID {holder.pid} (costper run) since {holder.since}; up to 1 s (--wait)",
        f"error: the warehouse {db} is busy: held by PID {holder.pid} (costper run) since {holder.since} "
        "(gave up after 1 s; --wait SECONDS to wait longer)",
    ]


def test_the_same_run_again_loads_nothing_changes_nothing_and_exits_0(sequence: Sequence) -> None:
    second, before, after = sequence.second, sequence.snapshots["first"], sequence.snapshots["second"]
    assert (second.returncode, second.stderr) == (0, "")
    build = query(sequence.db, "select strftime(built_at, '%Y-%m-%d %H:%M'), tests_passed, tests_total, "
                               "round(seconds) from costper_state.builds")  # fmt: skip
    assert len(build) == 1
    built_at, passed, total, seconds = build[0]
    assert second.stdout.splitlines() == [
        f"ingested 0 new files (0 rows loaded, 0 quarantined); {sequence.inbox_files} already loaded",
        f"build: skipped, the marts are current (nothing loaded since the last build): {built_at} UTC "
        f"(as_of {AS_OF}), exit 0: {passed} of {total} tests passed, 1 warning, {seconds:.0f} s",
        *(f"export {command} {MONTH}: {sequence.outbox / name} ({_data_rows(sequence.outbox / name)} rows, unchanged)"
          for command, name in EXPORTS.items()),
        f"run: 0 files loaded, build skipped (current), exports: 0 written, {len(EXPORTS)} unchanged in "
        f"{sequence.outbox}; exit 0",
    ]  # fmt: skip
    assert after == before  # every mart row, the totals, the manifest, the builds, the exports' bytes and mtimes
    assert after["billed"] == after["allocated"]  # and nothing doubled: the ledger still conserves the bill


def test_a_bad_file_in_the_inbox_exits_2_in_one_line_and_leaves_the_warehouse_as_it_was(sequence: Sequence) -> None:
    bad = sequence.bad
    assert bad.returncode == 2
    known = ", ".join(sorted(REGISTRY))
    assert bad.stderr == f"error: {BAD_FILE}: unrecognised format; pass --source, one of: {known}\n"
    assert bad.stdout.splitlines()[-1] == "run: stopped after the ingest (exit 2): nothing built, no exports written"
    assert sequence.snapshots["bad"] == sequence.snapshots["second"]


def test_a_month_named_with_no_charges_exits_2_and_writes_nothing(sequence: Sequence) -> None:
    assert (sequence.empty_month.returncode, sequence.empty_month.stderr) == (
        2, f"error: --month {EMPTY_MONTH}: nothing was charged in that month; no exports written\n"
    )  # fmt: skip
    assert sequence.snapshots["empty month"] == sequence.snapshots["second"]


@pytest.mark.parametrize(("options", "error"), [
    (("--outbox", "{inbox}/out"), "--outbox {inbox}/out is inside --inbox {inbox}: its exports would be read as "
                                  "inputs"),
    (("--outbox", "{root}/out", "--month", "2026-13"), "--month must look like 2026-10, not '2026-13'"),
    (("--outbox", "{root}/out", "--inbox", "{root}/none"), "--inbox {root}/none: no such folder"),
])  # fmt: skip
def test_bad_folders_or_month_exit_2_before_touching_anything(tmp_path: Path, options: tuple, error: str) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    given = [o.format(inbox=inbox, root=tmp_path) for o in options]
    done = costper("run", "--inbox", inbox, "--db", tmp_path / "w.duckdb", *given)
    said = error.format(inbox=inbox, root=tmp_path)
    assert (done.returncode, done.stdout, done.stderr) == (2, "", f"error: {said}\n")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["inbox"]  # no warehouse, no lock file, no outbox


def test_status_shows_the_last_build(sequence: Sequence) -> None:
    assert (sequence.status.returncode, sequence.status.stderr) == (0, "")
    [(built_at, as_of, code, passed, total, warnings, seconds, files, complete)] = query(
        sequence.db, "select strftime(built_at, '%Y-%m-%d %H:%M'), as_of, exit_code, tests_passed, tests_total, "
                     "warnings, round(seconds), files_loaded, is_complete from costper_state.builds",
    )  # fmt: skip
    assert (str(as_of), code, files, complete, len(warnings)) == (AS_OF, 0, sequence.inbox_files, True, 1)
    assert warnings[0].startswith("warning: ") and warnings[0].endswith(f"({DEMO_WARNING_TEST})")
    lines = sequence.status.stdout.splitlines()
    at = lines.index(f"Last build: {built_at} UTC (as_of {AS_OF}), exit 0: {passed} of {total} tests passed, "
                     f"1 warning, {seconds:.0f} s")  # fmt: skip
    assert lines[at + 1] == f"  {warnings[0]}"
    # the latest month's unattributed share, from the ledger itself
    [(unattributed, spent)] = query(sequence.db, "select sum(case when method = 'unattributed' then allocated_cost "
                                                 "else 0 end), sum(allocated_cost) from marts.fct_cost_allocation "
                                                 f"where charge_month = date '{MONTH}-01'")  # fmt: skip
    assert lines[at + 2] == (f"Unattributed spend in {MONTH}: USD {unattributed:,.2f} of {spent:,.2f} "
                             f"({unattributed * 100 / spent:.1f}%), cost that reached no outcome")  # fmt: skip


def test_mart_cost_reconciliation_row_against_the_usage_priced_by_hand(sequence: Sequence) -> None:
    """One demo row (the one with the largest gap): billed from the token cost lines, the estimate from the usage
    report's tokens priced in Python from seeds/model_prices.csv, and the gap between them."""
    db = sequence.db
    [(day, model, billed, estimate, gap, comparable)] = query(db, """
        select charge_date, model_canonical, billed_cost, estimated_cost, gap_cost, is_comparable
        from marts.mart_cost_reconciliation where provider = 'anthropic' and model_canonical = 'claude-sonnet-4-5'
        order by abs(gap_cost) desc, charge_date limit 1""")  # fmt: skip
    types = ", ".join(f"'{t}'" for t in TOKEN_TYPES)
    [(billed_by_hand,)] = query(db, "select sum(BilledCost) from marts.fct_ai_cost where ProviderName = 'Anthropic' "
                                    f"and x_model_canonical = ? and x_charge_date = ? and x_token_type in ({types})",
                                [model, day])  # fmt: skip
    usage = query(db, """
        select sum(uncached_input_tokens), sum(cache_read_input_tokens), sum(cache_write_5m_input_tokens),
               sum(cache_write_1h_input_tokens), sum(output_tokens)
        from staging.stg_anthropic__usage_report where usage_date = ? and model_name like ? || '%'""",
                  [day, model])[0]  # fmt: skip
    prices = _prices("anthropic", model, day)
    price_types = ("input", "cache_read", "cache_write_5m", "cache_write_1h", "output")
    estimate_by_hand = sum(Decimal(n) * prices[t] / 1_000_000 for n, t in zip(usage, price_types, strict=True))
    assert (billed, estimate, comparable) == (billed_by_hand, estimate_by_hand, True)
    assert gap == billed_by_hand - estimate_by_hand


def _prices(provider: str, model: str, day: object) -> dict[str, Decimal]:
    """The seed's price per token type for the model on the day: the latest valid_from on or before it."""
    with (PROJECT_DIR / "seeds/model_prices.csv").open() as f:
        rows = [r for r in csv.DictReader(f) if r["provider"] == provider and r["model"] == model
                and r["valid_from"] <= str(day)]  # fmt: skip
    latest = {}
    for row in sorted(rows, key=lambda r: r["valid_from"]):
        latest[row["token_type"]] = Decimal(row["usd_per_million_tokens"])
    return latest


def _rows_loaded(db: Path) -> int:
    return query(db, "select sum(rows_loaded) from raw._ingest_files")[0][0]


def _data_rows(path: Path) -> int:
    return len(path.read_text().splitlines()) - 1
