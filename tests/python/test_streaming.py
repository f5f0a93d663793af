"""A file streams into its raw table in one INSERT ... SELECT; each page is checked once for what only its JSON
tells (unknown fields, missing fields, money given as numbers), record by record only where a page needs it; a
file that needs more (rows to quarantine, duplicates) is loaded staged. Every path stores the same rows."""

from __future__ import annotations

import json
import random
from decimal import Decimal
from pathlib import Path

from conftest import query, run_cli

TOKENS = ("uncached_input_tokens", "cache_read_input_tokens", "output_tokens")
ROW = ("select _row_number, bucket_starting_at, api_key_id, workspace_id, model, uncached_input_tokens, "
       "cache_read_input_tokens, cache_creation_ephemeral_5m_input_tokens, output_tokens, "
       "server_tool_use_web_search_requests, _extra from raw.anthropic__usage_report order by _row_number")  # fmt: skip


def usage_record(rng: random.Random, n: int) -> dict:
    return {
        "api_key_id": f"apikey_{n:05d}", "workspace_id": f"wrkspc_{n % 7}", "account_id": None,
        "service_account_id": None, "model": "claude-sonnet-4-5", "service_tier": "standard",
        "context_window": "0-200k", "inference_geo": "global",
        **{t: rng.randrange(1_000_000) for t in TOKENS},
        "cache_creation": {"ephemeral_5m_input_tokens": rng.randrange(9_000), "ephemeral_1h_input_tokens": 0},
        "server_tool_use": {"web_search_requests": rng.randrange(3)},
    }  # fmt: skip


def usage_pages(pages: int, per_page: int, seed: int = 7) -> list[dict]:
    """API pages of one hourly bucket each, per_page records per bucket."""
    rng = random.Random(seed)
    return [{"data": [{"starting_at": f"2026-03-{1 + p // 24:02d}T{p % 24:02d}:00:00Z",
                       "ending_at": f"2026-03-{1 + p // 24:02d}T{p % 24:02d}:59:59Z",
                       "results": [usage_record(rng, p * per_page + n) for n in range(per_page)]}],
             "has_more": p < pages - 1, "next_page": None} for p in range(pages)]  # fmt: skip


def write_jsonl(path: Path, pages: list[dict]) -> Path:
    path.write_text("".join(json.dumps(page) + "\n" for page in pages))
    return path


def expected_rows(pages: list[dict]) -> list[tuple]:
    """The raw rows the file must give, computed in Python from the same pages, in file order."""
    rows = []
    for page in pages:
        for bucket in page["data"]:
            for r in bucket["results"]:
                rows.append((r["api_key_id"], r["workspace_id"], r["model"], *(r[t] for t in TOKENS),
                             r["cache_creation"]["ephemeral_5m_input_tokens"],
                             r["server_tool_use"]["web_search_requests"]))  # fmt: skip
    return rows


def loaded_rows(db: Path) -> list[tuple]:
    rows = query(db, ROW)
    assert [r[0] for r in rows] == list(range(1, len(rows) + 1))  # file order, numbered from 1
    return [(r[2], r[3], r[4], r[5], r[6], r[8], r[7], r[9]) for r in rows]


def test_a_many_page_file_streams_in_with_every_value_and_the_file_order(tmp_path: Path) -> None:
    """45 MB: more than one buffer of DuckDB's JSON reader, so it is read in parallel; the rows are still
    numbered in file order (they are numbered by the order DuckDB appended them in)."""
    pages = usage_pages(pages=100, per_page=1000)
    path = write_jsonl(tmp_path / "usage.jsonl", pages)
    assert path.stat().st_size > 40_000_000
    db = tmp_path / "w.duckdb"
    result = run_cli("ingest", path, "--db", db)
    assert "100,000 rows loaded, 0 quarantined" in result.output
    assert loaded_rows(db) == expected_rows(pages)
    assert query(db, "select count(*) from raw.anthropic__usage_report where _extra is not null") == [(0,)]
    assert query(db, "select rows_read, rows_loaded, rows_quarantined from raw._ingest_files") == [
        (100_000, 100_000, 0)
    ]


def test_unknown_fields_in_some_pages_are_kept_in_extra_of_exactly_their_records(tmp_path: Path) -> None:
    pages = usage_pages(pages=3, per_page=4)
    pages[1]["data"][0]["results"][2]["priority_surcharge_tokens"] = 12  # a new field at the record's top level
    pages[2]["data"][0]["results"][0]["cache_creation"]["ephemeral_24h_input_tokens"] = 7  # and inside an object
    pages[2]["data"][0]["results"][3]["server_tool_use"]["code_execution_requests"] = {"python": 2}
    db = tmp_path / "w.duckdb"
    run_cli("ingest", write_jsonl(tmp_path / "usage.jsonl", pages), "--db", db)
    # (the known objects a record has stay in _extra as {}, as they always did: only what is in them counts here)
    extras = {row: {k: v for k, v in json.loads(extra).items() if v != {}} for row, extra in
              query(db, "select _row_number, _extra from raw.anthropic__usage_report where _extra is not null")}
    assert extras == {
        7: {"priority_surcharge_tokens": 12},
        9: {"cache_creation": {"ephemeral_24h_input_tokens": 7}},
        12: {"server_tool_use": {"code_execution_requests": {"python": 2}}},
    }  # fmt: skip
    assert loaded_rows(db) == expected_rows(pages)  # the known fields of those records load as in any other


def test_a_file_loaded_staged_stores_the_same_rows_as_the_direct_load(tmp_path: Path) -> None:
    """One negative token count anywhere sends the file to the staged load: its other rows are the same."""
    pages = usage_pages(pages=6, per_page=50)
    clean, dirty = tmp_path / "clean.duckdb", tmp_path / "dirty.duckdb"
    run_cli("ingest", write_jsonl(tmp_path / "usage.jsonl", pages), "--db", clean)
    pages[4]["data"][0]["results"][10]["output_tokens"] = -5
    result = run_cli("ingest", write_jsonl(tmp_path / "usage_bad.jsonl", pages), "--db", dirty)
    assert "299 rows loaded, 1 quarantined" in result.output
    bad_row = 4 * 50 + 11
    assert [r for r in query(clean, ROW) if r[0] != bad_row] == query(dirty, ROW)
    ((reasons, record),) = query(dirty, "select reasons, record from raw._quarantine")
    assert reasons == "output_tokens: negative"
    assert json.loads(record) == pages[4]["data"][0]["results"][10]  # as the file gave it


def test_duplicates_in_otherwise_clean_pages_are_all_quarantined(tmp_path: Path) -> None:
    pages = usage_pages(pages=3, per_page=5)
    twin = pages[0]["data"][0]["results"][1]
    pages[2]["data"][0] = {**pages[0]["data"][0], "results": [*pages[2]["data"][0]["results"], twin]}
    db = tmp_path / "w.duckdb"
    result = run_cli("ingest", write_jsonl(tmp_path / "usage.jsonl", pages), "--db", db)
    assert "14 rows loaded, 2 quarantined" in result.output
    quarantined = query(db, "select row_number, reasons, record from raw._quarantine order by 1")
    assert [(row, reasons.split(" (")[0]) for row, reasons, _ in quarantined] == [
        (2, "duplicate natural key"), (16, "duplicate natural key")]  # fmt: skip
    assert all(json.loads(record) == twin for _, _, record in quarantined)


def test_a_required_field_missing_in_the_last_page_refuses_the_whole_file(tmp_path: Path) -> None:
    def cost_page(day: int, amounts: list[str | None]) -> dict:
        results = [{"amount": a, "currency": "USD", "workspace_id": "w", "description": f"line {n}",
                    "cost_type": "tokens"} for n, a in enumerate(amounts)]  # fmt: skip
        bucket = {"starting_at": f"2026-03-{day:02d}T00:00:00Z", "ending_at": f"2026-03-{day + 1:02d}T00:00:00Z"}
        return {"data": [{**bucket, "results": results}], "has_more": False}

    pages = [cost_page(1, ["1.5", "2"]), cost_page(2, [None, "3"]), cost_page(3, ["4", "5", "6"])]
    del pages[2]["data"][0]["results"][1]["amount"]
    db = tmp_path / "w.duckdb"
    result = run_cli("ingest", write_jsonl(tmp_path / "cost_report.jsonl", pages), "--db", db)
    assert result.exit_code == 2
    assert result.stderr.strip() == 'error: cost_report.jsonl: row 6: field "amount": required field is missing'
    assert query(db, "select count(*) from raw.anthropic__cost_report") == [(0,)]
    del pages[2]["data"][0]["results"][1]  # a null amount is a value missing, not a field: the row is quarantined
    result = run_cli("ingest", write_jsonl(tmp_path / "cost_report_fixed.jsonl", pages), "--db", db)
    assert "5 rows loaded, 1 quarantined" in result.output
    assert query(db, "select sum(amount) from raw.anthropic__cost_report") == [(Decimal("16.5"),)]
