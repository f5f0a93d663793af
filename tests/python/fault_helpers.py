"""Real processes for the fault and concurrency tests: `costper` run as a user runs it, big files made by DuckDB,
and the check that a warehouse's raw tables and its manifest agree (every file whole or absent)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
from conftest import PROJECT_DIR

COSTPER = Path(sys.executable).with_name("costper")

_MODELS = "['claude-sonnet-4-5-20250929', 'claude-haiku-4-5-20251001', 'claude-opus-4-1-20250805']"

# Anthropic Usage Report pages, one hourly bucket of 1,000 API keys per line (JSON Lines), as the API gives them.
_USAGE_PAGES = """
copy (
    select [{{'starting_at': strftime(b, '%Y-%m-%dT%H:%M:%SZ'),
              'ending_at': strftime(b + interval 1 hour, '%Y-%m-%dT%H:%M:%SZ'),
              'results': list({{'api_key_id': 'apikey_' || (i % 1000), 'workspace_id': 'wrkspc_' || (i % 12),
                               'account_id': null, 'service_account_id': null,
                               'model': {models}[i % 3 + 1], 'service_tier': 'standard',
                               'context_window': '0-200k', 'inference_geo': 'global',
                               'uncached_input_tokens': case when i % 1000 < {bad_per_page} then -1
                                                             else (i * 7919) % 100000 end,
                               'cache_read_input_tokens': (i * 104729) % 2000000,
                               'cache_creation': {{'ephemeral_5m_input_tokens': (i * 31) % 50000,
                                                  'ephemeral_1h_input_tokens': 0}},
                               'output_tokens': (i * 13) % 40000,
                               'server_tool_use': {{'web_search_requests': i % 3}}}} order by i)}}] as data,
           false as has_more, cast(null as varchar) as next_page
    from (select range as i, timestamp '{first_hour}' + to_hours(cast(range // 1000 as integer)) as b
          from range({rows}))
    group by b order by b
) to '{path}' (format json)
"""


def usage_file(path: Path, *, rows: int, first_hour: str, bad_per_page: int = 0) -> Path:
    """`rows` usage records from first_hour on (a multiple of 1,000: whole hourly pages); bad_per_page records
    of each page have a negative token count (quarantined, so the file takes the staged load)."""
    with duckdb.connect() as con:
        con.execute(_USAGE_PAGES.format(models=_MODELS, rows=rows, first_hour=first_hour, path=path,
                                        bad_per_page=bad_per_page))  # fmt: skip
    return path


def costper(*args: str | Path, timeout: float = 600, **kwargs: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(COSTPER), *map(str, args)], capture_output=True, text=True, cwd=PROJECT_DIR,
                          timeout=timeout, check=False, **kwargs)  # fmt: skip


def start(*args: str | Path, **kwargs: object) -> subprocess.Popen[str]:
    return subprocess.Popen([str(COSTPER), *map(str, args)], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, cwd=PROJECT_DIR, **kwargs)  # fmt: skip


def wait_for(condition, *, timeout: float = 120, what: str = "") -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.02)


def duckdb_lock_held(db: Path) -> bool:
    """Whether another process has the file open for writing (DuckDB then refuses even a read-only open)."""
    try:
        duckdb.connect(str(db), read_only=True).close()
    except duckdb.IOException as error:
        return "lock" in str(error)
    return False


def hold_stopped(db: Path, *args: str | Path) -> subprocess.Popen[str]:
    """A real `costper ingest` of a big file, stopped (SIGSTOP) while it has the warehouse open for writing: a
    writer that holds the warehouse for as long as the test needs. SIGCONT lets it finish."""
    holder = start("ingest", *args, "--db", db)
    wait_for(lambda: duckdb_lock_held(db) or holder.poll() is not None, what="the holder to open the warehouse")
    os.kill(holder.pid, signal.SIGSTOP)
    assert holder.poll() is None, "the holder finished before it could be stopped: give it a bigger file"
    return holder


def manifest_disagreements(db: Path) -> list[str]:
    """Every way the raw tables and raw._ingest_files disagree: a file's rows in its raw table or in quarantine
    are not the counts its manifest row says, or rows belong to no file in the manifest (a partial file)."""
    problems = []
    with duckdb.connect(str(db), read_only=True) as con:
        tables = [t for (t,) in con.execute(
            "select distinct raw_table from raw._ingest_files union "
            "select 'raw.' || table_name from information_schema.columns "
            "where table_schema = 'raw' and column_name = '_file_sha256'"
        ).fetchall()]  # fmt: skip
        for table in sorted(tables):
            problems += [f"{table}: {n} rows of file {sha[:12]}, not in the manifest" for sha, n in con.execute(
                f"select _file_sha256, count(*) from {table} where _file_sha256 not in "
                "(select file_sha256 from raw._ingest_files) group by all"
            ).fetchall()]  # fmt: skip
        problems += [f"{name}: manifest says {loaded} loaded / {bad} quarantined, tables hold {raw} / {quarantined}"
                     for name, loaded, bad, raw, quarantined in con.execute(_per_file_sql(tables)).fetchall()
                     if (loaded, bad) != (raw, quarantined)]  # fmt: skip
        problems += [f"quarantine: {n} rows of file {sha[:12]}, not in the manifest" for sha, n in con.execute(
            "select file_sha256, count(*) from raw._quarantine where file_sha256 not in "
            "(select file_sha256 from raw._ingest_files) group by all"
        ).fetchall()]  # fmt: skip
    return problems


def _per_file_sql(tables: list[str]) -> str:
    rows = " union all ".join(f"select _file_sha256 as sha from {t}" for t in tables)
    return f"""
        select m.file_name, m.rows_loaded, m.rows_quarantined,
               (select count(*) from ({rows}) r where r.sha = m.file_sha256),
               (select count(*) from raw._quarantine q where q.file_sha256 = m.file_sha256)
        from raw._ingest_files m order by m.file_name"""
