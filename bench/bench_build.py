"""Build speed at a real company's size: k internally consistent copies of the demo company (scale_copies.py),
ingested and built from scratch in a fresh warehouse. Prints the sizes (people, raw rows, cost lines, ledger
rows), ingest and build seconds, the build's peak RSS and the warehouse file size, one `name=value` per line.

    python bench/bench_build.py [--scale 4]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

import duckdb
from scale_copies import write_copies  # bench/ is on the path of a script run from it

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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=int, default=4, help="copies of the demo company")
    scale = parser.parse_args().scale
    demo_dir, copies_dir = OUT / "demo-data", OUT / f"scale_{scale}"
    db = OUT / f"scale_{scale}.duckdb"
    demo.generate(demo_dir)
    files = write_copies(demo_dir, copies_dir, scale)
    for stale in (db, Path(f"{db}.wal")):
        stale.unlink(missing_ok=True)
    ingest = timed(COSTPER, "ingest", *map(str, files), "--db", str(db))
    build = timed(COSTPER, "build", "--db", str(db), "--as-of", demo.DEMO_AS_OF, "--quiet")
    with duckdb.connect(str(db), read_only=True) as con:
        ((people, raw_rows, cost_lines, ledger_rows),) = con.execute("""
            select (select count(*) from marts.dim_person),
                   (select sum(rows_loaded) from raw._ingest_files),
                   (select count(*) from marts.fct_ai_cost),
                   (select count(*) from marts.fct_cost_allocation)""").fetchall()
    print(f"scale={scale}")
    print(f"people={people:,}")
    print(f"raw_rows={raw_rows:,}")
    print(f"cost_lines={cost_lines:,}")
    print(f"ledger_rows={ledger_rows:,}")
    print(f"ledger_rows_per_cost_line={ledger_rows / cost_lines:.1f}")
    print(f"ingest_seconds={ingest['seconds']:.1f}")
    print(f"build_seconds={build['seconds']:.1f}")
    print(f"build_peak_rss_mib={build['peak_kib'] / 1024:.0f}")
    print(f"warehouse_mib={db.stat().st_size / 2**20:.0f}")
    print(f"build_seconds_per_million_ledger_rows={build['seconds'] / ledger_rows * 1e6:.1f}")


if __name__ == "__main__":
    main()
