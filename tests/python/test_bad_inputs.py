"""The bad-input corpus: every case in bad_inputs/cases.toml runs the real `costper ingest` on its files and
asserts its whole outcome: exit code, the exact line on stderr, quarantine reasons with counts, the rows and money
loaded, and, where the input is refused, that no table of the warehouse changed. No case may print a traceback."""

from __future__ import annotations

import json
import shutil
import tomllib
from decimal import Decimal
from pathlib import Path
from typing import Any

import duckdb
import pytest
from conftest import query, run_cli, table_counts

from ingest import warehouse

CORPUS = Path(__file__).parent / "bad_inputs"
CASES: list[dict[str, Any]] = tomllib.loads((CORPUS / "cases.toml").read_text())["case"]


def _single_line_page(path: Path, target_bytes: int = 50 * 1024 * 1024) -> int:
    """One Anthropic cost page of about 50 MB on one line (no newline anywhere): returns how many lines it holds."""
    line = {"amount": "1.5", "currency": "USD", "workspace_id": "w", "cost_type": "tokens", "model": "m",
            "token_type": "output_tokens", "description": "x" * 400}  # fmt: skip
    count = target_bytes // (len(json.dumps(line)) + 8)
    results = [{**line, "description": f"{n:07d}" + "x" * 400} for n in range(count)]
    page = {"data": [{"starting_at": "2026-03-05T00:00:00Z", "ending_at": "2026-03-06T00:00:00Z", "results": results}],
            "has_more": False, "next_page": None}  # fmt: skip
    path.write_text(json.dumps(page, separators=(",", ":")))
    return count


GENERATED = {"single_line_page_50mb": _single_line_page}


def _prepare(case: dict[str, Any], work: Path) -> Path:
    """The case's files copied to a scratch folder (the repository is never written), its symlinks made."""
    folder = work / "case"
    if (CORPUS / case["name"]).is_dir():
        shutil.copytree(CORPUS / case["name"], folder, symlinks=True)
    folder.mkdir(exist_ok=True)
    for link, target in case.get("links", {}).items():
        (folder / link).parent.mkdir(parents=True, exist_ok=True)
        (folder / link).symlink_to(target)
    if "generate" in case:
        GENERATED[case["generate"]](folder / case["files"][0])
    return folder


def _ingest(db: Path, folder: Path, files: list[str], source: str | None, options: tuple[str, ...] = ()) -> Any:
    args = [folder / f for f in files] + (["--source", source] if source else [])
    return run_cli("ingest", *args, *options, "--db", db)


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_bad_input(case: dict[str, Any], tmp_path: Path) -> None:
    db = tmp_path / "warehouse" / "w.duckdb"
    folder = _prepare(case, tmp_path)
    if case.get("before"):
        first = _ingest(db, folder, case["before"], case.get("source"))
        assert first.exit_code == 0, first.output
    else:
        with warehouse.connect(db):  # an empty warehouse, every raw table made: the "unchanged" baseline
            pass  # (a writer makes it: `costper status` no longer creates a warehouse)
    before = table_counts(db)
    result = _ingest(db, folder, case["files"], case.get("source"), tuple(case.get("options", ())))
    output = result.output + result.stderr

    assert "Traceback" not in output, output
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert result.exit_code == case["exit"], output
    stderr = [line for line in result.stderr.splitlines() if line]
    assert stderr == case.get("stderr", []), output
    for expected in case.get("stdout", []):
        assert expected in result.stdout, result.stdout
    if case.get("unchanged"):
        assert table_counts(db) == before
    reasons = query(db, "select reasons, count(*) from raw._quarantine group by 1 order by 1")
    assert {r: n for r, n in reasons} == case.get("quarantine", {})
    for table, rows in case.get("rows", {}).items():
        assert query(db, f"select count(*) from {table} where not _is_superseded") == [(rows,)], table
    for table, total in case.get("money", {}).items():
        column, expected = total
        got = query(db, f"select sum({column}) from {table} where not _is_superseded")[0][0]
        assert got == Decimal(expected), (table, got)
    for check in case.get("checks", []):
        assert [[str(v) for v in row] for row in query(db, check["sql"])] == check["rows"], check["sql"]


def test_the_corpus_covers_every_reader_and_40_cases() -> None:
    readers = {case["name"].split("_")[0] for case in CASES}
    assert {"ac", "au", "oc", "ou", "gr", "gh", "ji", "pe", "al", "fo", "se"} <= readers
    assert len(CASES) >= 40
    assert {c["name"] for c in CASES} >= {p.name for p in CORPUS.iterdir() if p.is_dir()}  # no case left unread


def test_secrets_never_reach_the_warehouse_file(tmp_path: Path) -> None:
    """Keys pasted into a vendor's new field, a quarantined row and a note are redacted in the load's SQL: the
    closed warehouse file (and any write-ahead log) holds none of their bytes."""
    db = tmp_path / "w.duckdb"
    # 3: the secrets case quarantines a billed line (exit 3, README "Exit codes")
    for case, expected in (("se_secrets_in_extra_and_quarantine", 3), ("al_secret_pasted_in_a_note", 0)):
        assert run_cli("ingest", *sorted((CORPUS / case).iterdir()), "--db", db).exit_code == expected
    duckdb.connect(str(db)).close()  # checkpointed and closed
    stored = b"".join(p.read_bytes() for p in tmp_path.iterdir() if p.name.startswith("w.duckdb") and p.is_file())
    secrets = (b"eyJhbGciOiJIUzI1NiJ9", b"Zz9Yy8Xx7Ww6Vv5Uu4Tt3Ss2Rr1Qq0Pp", b"AbCdEfGhIjKlMnOpQrStUvWxYz0123456789")
    for secret in secrets:
        assert secret not in stored
    assert query(db, "select _extra->>'$.request_headers.authorization' from raw.anthropic__cost_report") == [
        ("Bearer …[redacted]",)
    ]
