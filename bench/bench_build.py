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
from decimal import Decimal
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


LIMIT_QUERY = Path(__file__).resolve().parent / "headline_limit.sql"
# The mart's side, restricted to the cost lines of the sources the limit query covers (the Anthropic cost report and
# OpenAI costs readers): the ledger's person_in_flight shares of durable merged PRs, per outcome team and month.
HEADLINE_FROM_MART = """
    select outcomes.team_id, outcomes.occurred_month, sum(ledger.allocated_cost)
    from marts.fct_cost_allocation as ledger
    inner join marts.fct_ai_cost as lines on ledger.cost_line_id = lines.cost_line_id
    inner join marts.mart_outcome_cost as outcomes
        on ledger.outcome_id = outcomes.outcome_id and ledger.billing_currency = outcomes.billing_currency
    where ledger.method = 'person_in_flight' and ledger.outcome_type = 'pr_merged' and ledger.billing_currency = 'USD'
        and lines.x_source in ('anthropic_cost_report', 'openai_costs')
    group by all"""
RUN_LIMIT = """
import duckdb, json, sys, time
con = duckdb.connect(sys.argv[1], read_only=True)
con.execute("set TimeZone = 'UTC'; set enable_progress_bar = false")
started = time.perf_counter()
rows = con.execute(open(sys.argv[2]).read()).fetchall()
print(json.dumps({"seconds": time.perf_counter() - started, "rows": [[r[0], str(r[1]), str(r[3])] for r in rows]}))
"""


def headline_limit(db: Path) -> tuple[float, int, int]:
    """The hand-written headline query's seconds (fresh process), and how many team-months it or the mart has and
    how many of them the two give equal to the cent."""
    done = subprocess.run([sys.executable, "-c", RUN_LIMIT, str(db), str(LIMIT_QUERY)], capture_output=True,
                          text=True, check=True)  # fmt: skip
    result = json.loads(done.stdout)
    with duckdb.connect(str(db), read_only=True) as con:
        mart = {(t, str(m)): v for t, m, v in con.execute(HEADLINE_FROM_MART).fetchall()}
    limit = {(t, m): Decimal(v) for t, m, v in result["rows"]}
    keys = mart.keys() | limit.keys()  # a team-month only one side has counts as different
    same = sum(round(mart.get(key, 0), 2) == round(limit.get(key, 0), 2) for key in keys)
    return result["seconds"], len(keys), same


def marts_differences(db: Path, other: Path) -> dict[str, int]:
    """Rows of every mart in one warehouse and not the other (both ways, duplicates counted)."""
    with duckdb.connect(str(db), read_only=True) as con:
        con.execute(f"attach '{other}' as other (read_only)")
        tables = [t for (t,) in con.execute(
            "select table_name from information_schema.tables where table_catalog = current_database() "
            "and table_schema = 'marts' order by 1").fetchall()]  # fmt: skip
        return {
            table: con.execute(
                f"select count(*) from ((select * from marts.{table} except all select * from other.marts.{table}) "
                f"union all (select * from other.marts.{table} except all select * from marts.{table}))"
            ).fetchall()[0][0]
            for table in tables
        }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=int, default=4, help="copies of the demo company")
    parser.add_argument("--larger-teams", action="store_true", help="copies join the same teams (k-times-larger teams)")
    parser.add_argument("--reuse-ingest", action="store_true", help="start from the last run's ingested warehouse")
    args = parser.parse_args()
    scale, name = args.scale, f"scale_{args.scale}" + ("_larger_teams" if args.larger_teams else "")
    demo_dir, copies_dir = OUT / "demo-data", OUT / name
    db, full_db = OUT / f"{name}.duckdb", OUT / f"{name}_full_refresh.duckdb"
    demo.generate(demo_dir)
    files = write_copies(demo_dir, copies_dir, scale, shared_teams=args.larger_teams)
    last_day = date.fromisoformat(demo.DEMO_AS_OF) - timedelta(days=1)
    before, day_files = split_at_day(files, last_day, OUT / f"{name}_split")
    for stale in (db, Path(f"{db}.wal"), full_db, Path(f"{full_db}.wal")):
        stale.unlink(missing_ok=True)
    ingested = OUT / f"{name}_ingested.duckdb"  # the warehouse before its first build, kept for --reuse-ingest
    if args.reuse_ingest and ingested.exists():
        shutil.copyfile(ingested, db)
        ingest = {"seconds": float("nan")}
    else:
        ingest = timed(COSTPER, "ingest", *map(str, before), "--db", str(db))
        shutil.copyfile(db, ingested)
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
    print(f"larger_teams={args.larger_teams}")
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
    print(f"incremental_marts_equal_full_refresh={not any(marts_differences(db, full_db).values())}")
    limit_seconds, team_months, same = headline_limit(full_db)
    print(f"headline_limit_seconds={limit_seconds:.1f}")
    print(f"headline_limit_team_months_equal_to_the_cent={same}/{team_months}")
    print(f"build_vs_headline_limit={build['seconds'] / limit_seconds:.1f}")


if __name__ == "__main__":
    main()
