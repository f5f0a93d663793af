"""Faults, for real: `costper ingest` and `costper build` killed with SIGKILL mid-run, a full disk (a small tmpfs in
a private mount namespace: a real ENOSPC), a read-only warehouse file and directory. After each: the warehouse
opens, every file is whole or absent, the marts are one build's, and the next run finishes the job."""

from __future__ import annotations

import json
import os
import random
import shutil
import signal
import subprocess
import time
from decimal import Decimal
from pathlib import Path

import duckdb
import pytest
from conftest import FIXTURES, PROJECT_DIR, BuiltDemo, table_counts
from fault_helpers import COSTPER, costper, duckdb_lock_held, manifest_disagreements, start, usage_file, wait_for

from ingest import lock
from ingest.dbt import TARGET_DIR

# (file name, first hour, rows, quarantined rows): three clean files and one with bad rows (the staged load)
BIG_FILES = (
    ("usage_2026-01.jsonl", "2026-01-01 00:00:00", 100_000, 0),
    ("usage_2026-02.jsonl", "2026-02-01 00:00:00", 100_000, 0),
    ("usage_2026-03_bad_rows.jsonl", "2026-03-01 00:00:00", 40_000, 80),
    ("usage_2026-04.jsonl", "2026-04-01 00:00:00", 100_000, 0),
)


def test_ingest_killed_at_random_points_leaves_every_file_whole_or_absent(tmp_path: Path) -> None:
    files = [usage_file(tmp_path / name, rows=rows, first_hour=hour, bad_per_page=bad // (rows // 1000))
             for name, hour, rows, bad in BIG_FILES]  # fmt: skip
    db = tmp_path / "w.duckdb"
    rng, longest = random.Random(13), 1.6  # about one file's load: the kills land in every file, and between
    kills, loaded_at_kill = 0, []
    while kills < 6:
        ingest = start("ingest", *files, "--db", db, "--source", "anthropic_usage")
        wait_for(lambda p=ingest: lock.read_holder(db).pid == p.pid or p.poll() is not None, what="the lock")
        time.sleep(rng.uniform(0.0, longest))
        if ingest.poll() is not None:
            longest /= 2  # it finished first (nearly everything was loaded): not a kill point, try sooner
            continue
        ingest.send_signal(signal.SIGKILL)
        assert ingest.wait() == -signal.SIGKILL
        kills += 1
        opened = costper("status", "--db", db)  # the warehouse opens (DuckDB replays its log) and reads
        assert opened.returncode == 0 and opened.stderr == "", opened.stderr
        assert manifest_disagreements(db) == []
        loaded_at_kill.append(table_counts(db)["raw._ingest_files"])
    print(f"files loaded when each kill landed: {loaded_at_kill}")
    rerun = costper("ingest", *files, "--db", db, "--source", "anthropic_usage")
    assert (rerun.returncode, rerun.stderr) == (0, "")
    already = {line.split(":")[0] for line in rerun.stdout.splitlines() if "already loaded" in line}
    assert len(already) == max(loaded_at_kill)  # what the kills left loaded is not loaded twice
    assert manifest_disagreements(db) == []
    with duckdb.connect(str(db), read_only=True) as con:
        manifest = con.execute("select file_name, rows_read, rows_loaded, rows_quarantined from raw._ingest_files "
                               "order by file_name").fetchall()  # fmt: skip
    assert manifest == sorted((name, rows, rows - bad, bad) for name, _, rows, bad in BIG_FILES)
    assert table_counts(db)["raw.anthropic__usage_report"] == sum(rows - bad for _, _, rows, bad in BIG_FILES)


MARTS_FINGERPRINT = """
select (select sum("BilledCost") from marts.fct_ai_cost),
       (select sum(allocated_cost) from marts.fct_cost_allocation),
       (select sum(billed_cost) from marts.fct_cost_line_buckets),
       (select sum(attributed_cost) from marts.mart_outcome_cost),
       (select sum(attributed_cost) from marts.mart_cost_per_outcome),
       (select sum(total_cost) from marts.mart_team_spend),
       (select count(*) from costper_state.files_seen)
"""


def fingerprint(db: Path) -> tuple:
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute(MARTS_FINGERPRINT).fetchall()[0]


def restated_cost_report(data_dir: Path, out: Path) -> Path:
    """The provider restates 2026-10-15: every Anthropic line of that day one dollar (100 cents) more."""
    source = next(data_dir.rglob("cost_report_2026-10.json"))
    bucket = next(b for b in json.loads(source.read_text())["data"] if b["starting_at"].startswith("2026-10-15"))
    for result in bucket["results"]:
        result["amount"] = str(Decimal(result["amount"]) + 100)
    out.write_text(json.dumps({"data": [bucket], "has_more": False, "next_page": None}))
    return out


def _changed_since(path: Path, started: float) -> bool:
    return path.exists() and path.stat().st_mtime > started


RUN_DIR = TARGET_DIR / "run" / "costper" / "models" / "marts" / "core"
# When to kill the build: its copy under way or just made; fct_ai_cost rebuilt while the marts after it are not;
# dbt done (run_results.json written) and the copy about to replace the warehouse.
KILL_POINTS = {
    "copying": lambda db, t: db.with_name(db.name + ".building").exists(),
    "after fct_ai_cost, before the marts": lambda db, t: _changed_since(RUN_DIR / "fct_ai_cost.sql", t),
    "dbt done, publishing": lambda db, t: _changed_since(TARGET_DIR / "run_results.json", t),
}
KILL_DELAY = {"after fct_ai_cost, before the marts": 0.5}  # its table committed, the marts after it still to come


def test_build_killed_at_three_points_publishes_all_or_nothing(built_demo: BuiltDemo, tmp_path: Path) -> None:
    db = tmp_path / "w.duckdb"
    shutil.copyfile(built_demo.db, db)
    old = fingerprint(db)
    restated = restated_cost_report(built_demo.data_dir, tmp_path / "cost_report_2026-10-15_restated.json")
    assert costper("ingest", restated, "--db", db).returncode == 0
    seen = {}
    for point, reached in KILL_POINTS.items():
        started = time.time()
        build = start("build", "--db", db, "--as-of", "2026-11-01", start_new_session=True)
        wait_for(lambda p=build, r=reached, t=started: r(db, t) or p.poll() is not None, what=point)
        time.sleep(KILL_DELAY.get(point, 0))
        assert build.poll() is None, f"the build ended before {point}"
        os.killpg(build.pid, signal.SIGKILL)  # the job, as a scheduler's timeout kills it: costper and its dbt
        assert build.wait() == -signal.SIGKILL
        wait_for(lambda: not duckdb_lock_held(db), timeout=30, what="the killed dbt to let go of the file")
        seen[point] = fingerprint(db)
    assert seen["copying"] == old and seen["after fct_ai_cost, before the marts"] == old, (old, seen)
    # a reader that opened the warehouse before the build keeps its view, and does not stop the build
    reader = subprocess.Popen(
        [str(COSTPER.with_name("python")), "-c", READER, str(db)], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
        text=True,
    )  # fmt: skip
    assert reader.stdout is not None and reader.stdin is not None
    before = reader.stdout.readline().strip()
    done = costper("build", "--db", db, "--as-of", "2026-11-01", "--wait", "0")
    # 3: the restated bill no longer ties to the demo's invoice, a money warning; the build is published all the same
    assert done.returncode == 3, done.stdout[-3000:] + done.stderr[-3000:]
    reader.stdin.write("again\n")
    reader.stdin.flush()
    assert reader.stdout.readline().strip() == before
    reader.kill()
    new = fingerprint(db)
    assert new[0] == old[0] + 100 * Decimal("0.01") * _lines_of_day(restated) and new[:6] != old[:6]
    assert seen["dbt done, publishing"] in (old, new)
    assert not db.with_name(db.name + ".building").exists()


READER = """
import duckdb, sys
con = duckdb.connect(sys.argv[1], read_only=True)
query = 'select (select sum("BilledCost") from marts.fct_ai_cost), (select sum(total_cost) from marts.mart_team_spend)'
print(con.execute(query).fetchall(), flush=True)
sys.stdin.readline()
print(con.execute(query).fetchall(), flush=True)
"""


def _lines_of_day(restated: Path) -> int:
    return len(json.loads(restated.read_text())["data"][0]["results"])


def _can_mount_tmpfs() -> bool:
    return shutil.which("unshare") is not None and subprocess.run(
        ["unshare", "-rm", "sh", "-c", "mount -t tmpfs -o size=1m tmpfs /tmp"], capture_output=True, check=False
    ).returncode == 0  # fmt: skip


needs_tmpfs = pytest.mark.skipif(not _can_mount_tmpfs(), reason="no user and mount namespaces for a small tmpfs")


def on_small_disk(mib: int, script: str, out: Path) -> subprocess.CompletedProcess[str]:
    """Run a shell script with DISK, a fresh tmpfs of `mib` MiB in a private mount namespace (gone when the
    script ends: it copies what the test looks at to OUT). The disk fills for real: writes fail with ENOSPC."""
    disk = out / "disk"
    disk.mkdir()
    wrapped = f"mount -t tmpfs -o size={mib}m tmpfs {disk} && cd {PROJECT_DIR} && {script}"
    env = {**os.environ, "DISK": str(disk), "OUT": str(out), "COSTPER": str(COSTPER)}
    return subprocess.run(["unshare", "-rm", "sh", "-c", wrapped], capture_output=True, text=True, env=env,
                          timeout=300, check=False)  # fmt: skip


@needs_tmpfs
def test_a_full_disk_stops_the_ingest_at_one_file_and_a_rerun_loads_the_rest(
    built_demo: BuiltDemo, tmp_path: Path
) -> None:
    files = [str(p) for p in sorted(built_demo.data_dir.rglob("*")) if p.is_file()]
    done = on_small_disk(3, f'"$COSTPER" ingest {" ".join(files)} --db "$DISK/w.duckdb"; echo "rc=$?"; '
                            'cp "$DISK"/w.duckdb* "$OUT"/', tmp_path)  # fmt: skip
    assert done.stdout.splitlines()[-1] == "rc=2", done.stdout + done.stderr
    db = tmp_path / "w.duckdb"
    assert manifest_disagreements(db) == []
    kept = table_counts(db)["raw._ingest_files"]
    failed = Path(files[kept]).name  # the files load in the order given; the one after the kept ones failed
    assert 0 < kept < len(files) - 1
    assert done.stderr.splitlines() == [
        f"error: {failed}: not loaded, cannot write {tmp_path}/disk/w.duckdb.wal: No space left on device; "
        f"{kept} files before it are kept, {len(files) - kept - 1} after it not attempted: fix that and run the "
        "same command again (loaded files are skipped)"
    ]
    rerun = costper("ingest", *files, "--db", db)
    assert (rerun.returncode, rerun.stderr) == (0, "")
    assert sum("already loaded" in line for line in rerun.stdout.splitlines()) == kept
    assert manifest_disagreements(db) == []
    assert table_counts(db)["raw._ingest_files"] == table_counts(built_demo.db)["raw._ingest_files"]


@needs_tmpfs
def test_a_build_without_room_for_its_copy_says_so_and_leaves_the_warehouse(
    built_demo: BuiltDemo, tmp_path: Path
) -> None:
    size = built_demo.db.stat().st_size
    mib = size // 2**20 + 4  # the warehouse fits, its copy does not
    done = on_small_disk(mib, f'cp {built_demo.db} "$DISK/w.duckdb" && "$COSTPER" build --db "$DISK/w.duckdb"; '
                              'echo "rc=$?"; ls -A "$DISK"; cmp "$DISK/w.duckdb" ' f"{built_demo.db} && echo same",
                         tmp_path)  # fmt: skip
    assert done.stdout.splitlines() == ["rc=2", "w.duckdb", "w.duckdb.lock", "same"], done.stdout + done.stderr
    copy = tmp_path / "disk" / "w.duckdb.building" / "w.duckdb"
    assert done.stderr.splitlines() == [
        f"error: cannot write {copy}: No space left on device (a build needs the warehouse's size free beside it: "
        f"{size:,} bytes)"
    ]


def _as_a_user(argv: list[str]) -> list[str]:
    """Root writes any file whatever its mode: drop the capabilities that allow it, as a user would lack them."""
    if os.geteuid() != 0:
        return argv
    return ["setpriv", "--bounding-set=-dac_override,-dac_read_search,-fowner,-linux_immutable", *argv]


@pytest.mark.parametrize("read_only", ["file", "directory"])
def test_a_read_only_warehouse_refuses_writes_in_one_line_and_still_reads(tmp_path: Path, read_only: str) -> None:
    db = tmp_path / "wh" / "w.duckdb"
    assert costper("ingest", FIXTURES / "openai/costs.json", "--db", db).returncode == 0
    before = table_counts(db)
    (db if read_only == "file" else db.parent).chmod(0o444 if read_only == "file" else 0o555)
    try:
        for command in (["ingest", FIXTURES / "anthropic/cost_report_two_days.json"], ["build"]):
            refused = subprocess.run(_as_a_user([str(COSTPER), *map(str, command), "--db", str(db)]),
                                     capture_output=True, text=True, cwd=PROJECT_DIR, check=False)  # fmt: skip
            assert refused.returncode == 2, (command, refused.stdout, refused.stderr)
            assert len(refused.stderr.splitlines()) == 1 and "Traceback" not in refused.stderr + refused.stdout
            assert refused.stderr.startswith("error: ") and "Permission denied" in refused.stderr, refused.stderr
        reads = subprocess.run(_as_a_user([str(COSTPER), "status", "--db", str(db)]), capture_output=True,
                               text=True, cwd=PROJECT_DIR, check=False)  # fmt: skip
        assert (reads.returncode, reads.stderr) == (0, "")
    finally:
        db.parent.chmod(0o755)
        db.chmod(0o644)
    assert table_counts(db) == before
    assert sorted(p.name for p in db.parent.iterdir()) == ["w.duckdb", "w.duckdb.lock"]
