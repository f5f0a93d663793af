"""Ingest speed: `costper ingest` of an Anthropic-usage-shaped file against DuckDB's own flat typed read of the
same file, each in a fresh process and a fresh warehouse file.

The baseline produces the rows costper stores: one row per usage record, every field typed (tokens BIGINT, bucket
times TIMESTAMPTZ), the nested token counts flattened, written to a table. DuckDB offers two ways to write that
read and on this file one is 3x faster than the other, so both are timed and the ratio is taken against the
faster: costper itself reads pages with read_json_objects + json_transform, and a ratio against the slower read
would hide costper's own cost again. Prints times and peak RSS, and last `ingest_vs_raw_ratio=<costper / raw>`.

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

# The usage record as costper's reader types it (ingest/readers/anthropic_usage.py), for the baseline reads.
_STRINGS = ("api_key_id", "workspace_id", "account_id", "service_account_id", "model", "service_tier",
            "context_window", "inference_geo", "speed")  # fmt: skip
_RECORD = {
    **dict.fromkeys(_STRINGS, "VARCHAR"),
    "uncached_input_tokens": "BIGINT",
    "cache_read_input_tokens": "BIGINT",
    "cache_creation": {"ephemeral_5m_input_tokens": "BIGINT", "ephemeral_1h_input_tokens": "BIGINT"},
    "output_tokens": "BIGINT",
    "server_tool_use": {"web_search_requests": "BIGINT"},
}
_PAGE = {"data": [{"starting_at": "TIMESTAMPTZ", "ending_at": "TIMESTAMPTZ", "results": [_RECORD]}]}


def _struct(shape: object) -> str:
    if isinstance(shape, dict):
        return "STRUCT(" + ", ".join(f"{k} {_struct(v)}" for k, v in shape.items()) + ")"
    if isinstance(shape, list):
        return _struct(shape[0]) + "[]"
    return str(shape)


_FLAT = """
create table flat as
with buckets as (select unnest(data) as b from {pages}),
     records as (select b.starting_at, b.ending_at, unnest(b.results) as r from buckets)
select starting_at, ending_at, unnest(r, recursive := true) from records
"""
RAW_READS = {
    "read_json": "read_json(?, columns = {data: '" + _struct(_PAGE["data"]) + "'})",
    "read_json_objects + json_transform": (
        "(select json_transform(json, '" + json.dumps(_PAGE) + "').data as data from read_json_objects(?))"
    ),
}

RAW_READ = """
import duckdb, resource, sys, time
con = duckdb.connect(sys.argv[2])
con.execute("set TimeZone = 'UTC'")
started = time.perf_counter()
con.execute(sys.argv[3], [sys.argv[1]])
rows = con.execute("select count(*) from flat").fetchall()[0][0]
con.close()
assert rows == int(sys.argv[4]), rows
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
    """(seconds, peak RSS in MiB) of a fresh process."""
    out = subprocess.run([sys.executable, "-c", script, *args], check=True, capture_output=True, text=True).stdout
    seconds, max_rss_kib = out.splitlines()[-1].split()
    return float(seconds), int(max_rss_kib) >> 10


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    rows = parser.parse_args().rows
    path = generate(rows)
    raw: dict[str, tuple[float, int]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for n, (name, pages) in enumerate(RAW_READS.items()):
            raw[name] = timed(RAW_READ, str(path), f"{tmp}/raw{n}.duckdb", _FLAT.format(pages=pages), str(rows))
        ingest_s, ingest_mib = timed(COSTPER_INGEST, str(path), f"{tmp}/costper.duckdb", str(rows))
    print(f"file: {path.name} ({rows:,} rows, {path.stat().st_size / 1e6:,.0f} MB)")
    for name, (seconds, mib) in raw.items():
        print(f"duckdb flat typed read ({name}, unnested, CREATE TABLE AS): {seconds:.2f}s, peak {mib:,} MiB")
    print(f"costper ingest (type, check, quarantine, commit): {ingest_s:.2f}s, peak {ingest_mib:,} MiB")
    print(f"ingest_rows_per_second={rows / ingest_s:,.0f}")
    print(f"ingest_vs_read_json_ratio={ingest_s / raw['read_json'][0]:.2f}")
    print(f"ingest_vs_raw_ratio={ingest_s / min(seconds for seconds, _ in raw.values()):.2f}")


if __name__ == "__main__":
    main()
