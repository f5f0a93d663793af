"""Build speed at a real company's size: k internally consistent copies of the demo company (scale_copies.py),
ingested into a fresh warehouse as they stood the day before the last (day_split.py) and built; then the last day's
files are ingested and built incrementally, and a copy is built with --full-refresh. Prints the sizes (people, raw
rows, cost lines, ledger rows), ingest, full and incremental build seconds, peak RSS, the warehouse file size and
whether the incremental marts equal the full refresh's, one `name=value` per line.

    python bench/bench_build.py [--scale 4]
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

import duckdb
from day_split import split_at_day  # bench/ is on the path of a script run from it
from scale_copies import write_copies

from ingest import demo

OUT = Path(__file__).resolve().parent / "out"
COSTPER = str(Path(sys.executable).with_name("costper"))

# Runs a command and reports its wall time and the peak RSS of the processes it started.
TIMED = """
import json, resource, subprocess, sys, time
started = time.perf_counter()
done = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
print(json.dumps({"seconds": time.perf_counter() - started, "rc": done.returncode, "stderr": done.stderr[-2000:],
                  "peak_kib": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss}))
"""


def timed(*argv: str) -> dict:
    done = subprocess.run([sys.executable, "-c", TIMED, *argv], capture_output=True, text=True, check=True)
    result = json.loads(done.stdout)
    if result["rc"] != 0:
        raise SystemExit(f"{' '.join(argv[:2])} failed: {result['stderr']}")
    return result


def marts_equal(db: Path, other: Path) -> bool:
    """Every mart has exactly the same rows (duplicates counted) in both warehouses."""
    with duckdb.connect(str(db), read_only=True) as con:
        con.execute(f"attach '{other}' as other (read_only)")
        tables = [t for (t,) in con.execute(
            "select table_name from information_schema.tables where table_catalog = current_database() "
            "and table_schema = 'marts'").fetchall()]  # fmt: skip
        return all(
            con.execute(
                f"select count(*) from ((select * from marts.{t} except all select * from other.marts.{t}) "
                f"union all (select * from other.marts.{t} except all select * from marts.{t}))"
            ).fetchall()[0][0] == 0
            for t in tables
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=int, default=4, help="copies of the demo company")
    scale = parser.parse_args().scale
    demo_dir, copies_dir = OUT / "demo-data", OUT / f"scale_{scale}"
    db, full_db = OUT / f"scale_{scale}.duckdb", OUT / f"scale_{scale}_full_refresh.duckdb"
    demo.generate(demo_dir)
    files = write_copies(demo_dir, copies_dir, scale)
    last_day = date.fromisoformat(demo.DEMO_AS_OF) - timedelta(days=1)
    before, day_files = split_at_day(files, last_day, OUT / f"scale_{scale}_split")
    for stale in (db, Path(f"{db}.wal"), full_db, Path(f"{full_db}.wal")):
        stale.unlink(missing_ok=True)
    ingest = timed(COSTPER, "ingest", *map(str, before), "--db", str(db))
    timed(COSTPER, "build", "--db", str(db), "--as-of", last_day.isoformat(), "--quiet")
    ingest_day = timed(COSTPER, "ingest", *map(str, day_files), "--db", str(db))
    incremental = timed(COSTPER, "build", "--db", str(db), "--as-of", demo.DEMO_AS_OF, "--quiet")
    shutil.copyfile(db, full_db)
    build = timed(COSTPER, "build", "--db", str(full_db), "--as-of", demo.DEMO_AS_OF, "--quiet", "--full-refresh")
    with duckdb.connect(str(full_db), read_only=True) as con:
        ((people, raw_rows, cost_lines, ledger_rows),) = con.execute("""
            select (select count(*) from marts.dim_person),
                   (select sum(rows_loaded) from raw._ingest_files),
                   (select count(*) from marts.fct_ai_cost),
                   (select count(*) from marts.fct_cost_allocation)""").fetchall()
    with duckdb.connect(str(db), read_only=True) as con:
        window_start = con.execute("select window_start from intermediate.int_allocation__window").fetchall()[0][0]
    print(f"scale={scale}")
    print(f"people={people:,}")
    print(f"raw_rows={raw_rows:,}")
    print(f"cost_lines={cost_lines:,}")
    print(f"ledger_rows={ledger_rows:,}")
    print(f"ledger_rows_per_cost_line={ledger_rows / cost_lines:.1f}")
    print(f"ingest_seconds={ingest['seconds'] + ingest_day['seconds']:.1f}")
    print(f"build_seconds={build['seconds']:.1f}")
    print(f"build_peak_rss_mib={build['peak_kib'] / 1024:.0f}")
    print(f"warehouse_mib={full_db.stat().st_size / 2**20:.0f}")
    print(f"build_seconds_per_million_ledger_rows={build['seconds'] / ledger_rows * 1e6:.1f}")
    print(f"one_day_files={len(day_files)}")
    print(f"incremental_window_start={window_start}")
    print(f"incremental_build_seconds={incremental['seconds']:.1f}")
    print(f"incremental_peak_rss_mib={incremental['peak_kib'] / 1024:.0f}")
    print(f"incremental_vs_full={incremental['seconds'] / build['seconds']:.2f}")
    print(f"incremental_marts_equal_full_refresh={marts_equal(db, full_db)}")


if __name__ == "__main__":
    main()
