"""Ingest speed: `costper ingest` of an Anthropic-usage-shaped file against DuckDB's own
`CREATE TABLE AS SELECT * FROM read_json(...)` of the same file, each in a fresh process and a fresh
warehouse file. Prints both times, peak memory, and last `ingest_vs_raw_ratio=<costper / raw>`.

    python bench/bench_ingest.py [--rows 1000000]
"""

from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
import tempfile
from pathlib import Path

OUT = Path(__file__).resolve().parent / "out"
RESULTS_PER_BUCKET = 1000
MODELS = ("claude-sonnet-4-5-20250929", "claude-haiku-4-5-20251001", "claude-opus-4-1-20250805")

RAW_READ = """
import duckdb, resource, sys, time
con = duckdb.connect(sys.argv[2])
started = time.perf_counter()
con.execute("create table raw_read as select * from read_json(?)", [sys.argv[1]])
con.close()
print(time.perf_counter() - started, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""

COSTPER_INGEST = """
import resource, sys, time
from pathlib import Path
from ingest import load, warehouse
with warehouse.connect(sys.argv[2]) as con:
    started = time.perf_counter()
    result = load.load_file(con, Path(sys.argv[1]), source="anthropic_usage")
seconds = time.perf_counter() - started
assert result.rows_loaded == int(sys.argv[3]), result
print(seconds, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""


def generate(rows: int) -> Path:
    """Usage Report pages as JSON Lines (one API page per line, one hourly bucket per page)."""
    path = OUT / f"anthropic_usage_{rows}.jsonl"
    if path.exists():
        return path
    OUT.mkdir(parents=True, exist_ok=True)
    rng = random.Random(rows)
    with path.open("w") as f:
        for bucket in range(-(-rows // RESULTS_PER_BUCKET)):
            day, hour = divmod(bucket, 24)
            start = f"2026-{1 + day // 28 % 12:02d}-{1 + day % 28:02d}T{hour:02d}:00:00Z"
            end = start.replace(f"T{hour:02d}:00", f"T{hour:02d}:59")
            results = [
                {
                    "api_key_id": f"apikey_01{n:06d}",
                    "workspace_id": f"wrkspc_01{n % 12:03d}",
                    "account_id": None,
                    "service_account_id": None,
                    "model": MODELS[n % 3],
                    "service_tier": "standard",
                    "context_window": "0-200k",
                    "inference_geo": "global",
                    "uncached_input_tokens": rng.randrange(100_000),
                    "cache_read_input_tokens": rng.randrange(2_000_000),
                    "cache_creation": {
                        "ephemeral_5m_input_tokens": rng.randrange(50_000),
                        "ephemeral_1h_input_tokens": 0,
                    },
                    "output_tokens": rng.randrange(40_000),
                    "server_tool_use": {"web_search_requests": rng.randrange(3)},
                }
                for n in range(min(RESULTS_PER_BUCKET, rows - bucket * RESULTS_PER_BUCKET))
            ]
            page = {"data": [{"starting_at": start, "ending_at": end, "results": results}],
                    "has_more": False, "next_page": None}  # fmt: skip
            f.write(json.dumps(page) + "\n")
    return path


def timed(script: str, *args: str) -> tuple[float, int]:
    out = subprocess.run([sys.executable, "-c", script, *args], check=True, capture_output=True, text=True).stdout
    seconds, max_rss_kib = out.splitlines()[-1].split()
    return float(seconds), int(max_rss_kib)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    rows = parser.parse_args().rows
    path = generate(rows)
    with tempfile.TemporaryDirectory() as tmp:
        raw_s, raw_kib = timed(RAW_READ, str(path), f"{tmp}/raw.duckdb")
        ingest_s, ingest_kib = timed(COSTPER_INGEST, str(path), f"{tmp}/costper.duckdb", str(rows))
    size_mb = path.stat().st_size / 1e6
    print(f"file: {path.name} ({rows:,} rows, {size_mb:,.0f} MB)")
    print(f"duckdb raw read (CREATE TABLE AS SELECT * FROM read_json): {raw_s:.2f}s, peak {raw_kib >> 10:,} MiB")
    print(f"costper ingest (type, validate, quarantine, commit): {ingest_s:.2f}s, peak {ingest_kib >> 10:,} MiB")
    print(f"ingest_rows_per_second={rows / ingest_s:,.0f}")
    print(f"ingest_vs_raw_ratio={ingest_s / raw_s:.2f}")


if __name__ == "__main__":
    main()
