"""One writer at a time, by design: a second writer waits with a message naming the holder, up to --wait, then
fails in one line (exit 4); reads run beside each other; a read while a writer holds the file is one line, exit 4.
The holder is a real `costper ingest` stopped with SIGSTOP while it has the warehouse open."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import FIXTURES, table_counts
from fault_helpers import costper, hold_stopped, manifest_disagreements, start, usage_file, wait_for

from ingest import lock

SMALL = FIXTURES / "openai/costs.json"


@pytest.fixture(scope="module")
def big_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return usage_file(tmp_path_factory.mktemp("big") / "usage.jsonl", rows=100_000, first_hour="2026-01-01 00:00:00")


def test_a_second_writer_waits_with_a_message_then_fails_naming_the_holder(tmp_path: Path, big_file: Path) -> None:
    db = tmp_path / "w.duckdb"
    holder = hold_stopped(db, big_file)
    try:
        held = lock.read_holder(db)
        assert (held.pid, held.command) == (holder.pid, "costper ingest")
        started = time.monotonic()
        second = costper("ingest", SMALL, "--db", db, "--wait", "1")
        assert 1 <= time.monotonic() - started < 10
        assert second.returncode == 4
        assert second.stderr.splitlines() == [
            f"waiting for the warehouse: held by PID {holder.pid} (costper ingest) since {held.since}; "
            "up to 1 s (--wait)",
            f"error: the warehouse {db} is busy: held by PID {holder.pid} (costper ingest) since {held.since} "
            "(gave up after 1 s; --wait SECONDS to wait longer)",
        ]
        read = costper("status", "--db", db)
        assert (read.returncode, read.stderr) == (4, f"error: the warehouse {db} is busy: held by PID {holder.pid} "
                                                     f"(costper ingest) since {held.since}, writing it; run this "
                                                     "again when it is done\n")  # fmt: skip
    finally:
        os.kill(holder.pid, signal.SIGCONT)
    assert holder.wait(timeout=120) == 0


def test_a_waiting_writer_goes_on_when_the_holder_finishes(tmp_path: Path, big_file: Path) -> None:
    db = tmp_path / "w.duckdb"
    holder = hold_stopped(db, big_file)
    waiter = start("ingest", SMALL, "--db", db, "--wait", "120")
    assert waiter.stderr is not None
    assert waiter.stderr.readline().startswith(f"waiting for the warehouse: held by PID {holder.pid} (costper ingest)")
    os.kill(holder.pid, signal.SIGCONT)
    assert holder.wait(timeout=120) == 0
    assert waiter.wait(timeout=120) == 0
    assert manifest_disagreements(db) == []
    assert table_counts(db)["raw._ingest_files"] == 2


def test_a_holder_killed_with_sigkill_blocks_nobody(tmp_path: Path, big_file: Path) -> None:
    db = tmp_path / "w.duckdb"
    holder = hold_stopped(db, big_file)
    holder.kill()
    holder.wait()
    after = costper("ingest", SMALL, "--db", db, "--wait", "0")  # the kernel dropped its flock; its note is stale
    assert (after.returncode, after.stderr) == (0, "")
    assert manifest_disagreements(db) == []


READER = ("import duckdb, sys, time; c = duckdb.connect(sys.argv[1], read_only=True); print('ready', flush=True); "
          "time.sleep(60)")  # fmt: skip


def test_reads_run_beside_each_other_and_a_writer_waits_for_them(tmp_path: Path) -> None:
    db = tmp_path / "w.duckdb"
    assert costper("ingest", SMALL, "--db", db).returncode == 0
    reader = subprocess.Popen([sys.executable, "-c", READER, str(db)], stdout=subprocess.PIPE, text=True)
    try:
        assert reader.stdout is not None and reader.stdout.readline() == "ready\n"
        for command in (["status"], ["query", "select count(*) from raw.openai__costs"]):
            beside = costper(*command, "--db", db)
            assert (beside.returncode, beside.stderr) == (0, ""), command
        writer = costper("ingest", FIXTURES / "anthropic/cost_report_two_days.json", "--db", db, "--wait", "1")
        program = Path(sys.executable).resolve().name
        assert writer.returncode == 4
        assert writer.stderr.splitlines() == [
            f"waiting for the warehouse: held by PID {reader.pid} ({program}); up to 1 s (--wait)",
            f"error: the warehouse {db} is busy: held by PID {reader.pid} ({program}) (gave up after 1 s; --wait "
            "SECONDS to wait longer)",
        ]
    finally:
        reader.kill()
        reader.wait()
    assert table_counts(db)["raw._ingest_files"] == 1


def _has_open(pid: int, db: Path) -> bool:
    """Whether the process has the file open (an open of our own to probe it would race with the query's)."""
    try:
        return any(os.readlink(fd) == str(db) for fd in Path(f"/proc/{pid}/fd").iterdir())
    except OSError:
        return False


def test_a_writer_waiting_for_a_costper_read_names_the_command_not_python(tmp_path: Path) -> None:
    db = tmp_path / "w.duckdb"
    assert costper("ingest", SMALL, "--db", db).returncode == 0
    # a sum, not a count: DuckDB counts a cross product without running it
    reader = start("query", "select sum(a.range * b.range) from range(100000) a, range(100000) b", "--db", db)
    try:
        wait_for(lambda: _has_open(reader.pid, db) or reader.poll() is not None, what="the query to open it")
        assert reader.poll() is None, reader.communicate()
        os.kill(reader.pid, signal.SIGSTOP)
        writer = costper("ingest", FIXTURES / "anthropic/cost_report_two_days.json", "--db", db, "--wait", "0")
        assert (writer.returncode, writer.stderr) == (
            4,
            f"error: the warehouse {db} is busy: held by PID {reader.pid} (costper query) (--wait 0; --wait SECONDS "
            "to wait longer)\n",
        )
    finally:
        reader.kill()
        reader.wait()
