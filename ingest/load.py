"""THE load path, the same for every source: detect, read, validate, commit in one transaction.

A file is identified by its sha256: the same bytes again are a no-op. Good rows land in
raw.<source>__<entity> with lineage; bad rows go to raw._quarantine with their reasons; a file-level
failure (unreadable, a required field missing) refuses the whole file and leaves nothing behind.
"""

from __future__ import annotations

import hashlib
import re
import time
from dataclasses import dataclass
from pathlib import Path

import duckdb

from ingest import exact_money, money_scale, raw_tables, validate
from ingest.detect import detect, is_empty_export, read_head
from ingest.errors import InputError
from ingest.readers._json_layout import DEFAULT_MAX_OBJECT_BYTES
from ingest.readers._spec import SourceSpec, csv_header
from ingest.sql import quote_ident, sql_literal
from ingest.stage import record_json_sql, staged_batch_sql


@dataclass(frozen=True)
class LoadResult:
    file: Path
    source: str
    status: str  # loaded | already_loaded | empty
    rows_read: int = 0
    rows_loaded: int = 0
    rows_quarantined: int = 0
    rows_superseded: int = 0
    rows_stale: int = 0  # rows of this file older than what the warehouse already holds
    money_values_rounded: int = 0  # values with more decimals than kept, rounded (money_scale.py)
    period: str = ""
    seconds: float = 0.0

    def summary_line(self) -> str:
        if self.status == "already_loaded":
            return f"{self.file.name}: already loaded ({self.source}), nothing changed"
        if self.status == "empty":
            return f"{self.file.name}: no records (an empty page), nothing to load"
        parts = [
            f"{self.file.name}: {self.source}",
            f"{self.rows_loaded:,} {'row' if self.rows_loaded == 1 else 'rows'} loaded",
            f"{self.rows_quarantined:,} quarantined",
        ]
        if self.rows_superseded:
            parts.append(f"{self.rows_superseded:,} older rows superseded")
        if self.rows_stale:
            parts.append(f"{self.rows_stale:,} rows older than those loaded (kept, superseded)")
        if self.money_values_rounded:
            parts.append(f"{self.money_values_rounded:,} money values rounded to the kept scale")
        if self.period:
            parts.append(self.period)
        parts.append(f"{self.seconds:.2f}s")
        return ", ".join(parts)


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def load_file(con: duckdb.DuckDBPyConnection, path: Path, source: str | None = None) -> LoadResult:
    started = time.perf_counter()
    path = Path(path).resolve()
    if not path.is_file():
        raise InputError(path, "no such file")
    sha = file_sha256(path)
    seen = con.execute("select source from raw._ingest_files where file_sha256 = ?", [sha]).fetchall()
    if seen:
        return LoadResult(path, seen[0][0], "already_loaded")
    if source is None and is_empty_export(path):
        return LoadResult(path, "-", "empty")
    spec = detect(path, source)
    header = _csv_header(path, spec)
    try:
        # The staged batch is a temp table: reading the file touches nothing of the warehouse, so the
        # transaction below holds only the writes.
        max_object_bytes = _stage(con, path, spec, header)
        con.execute("begin transaction")
        try:
            result = _load_in_transaction(con, path, sha, spec, header, max_object_bytes, started)
            con.execute("commit")
            return result
        except BaseException:
            con.execute("rollback")
            raise
    finally:
        con.execute("drop table if exists _stage")


def _csv_header(path: Path, spec: SourceSpec) -> list[str]:
    if spec.file_kind != "csv":
        return []
    header = csv_header(read_head(path))
    for col in spec.columns:
        if col.required and col.source_path not in header:
            raise InputError(path, "required column is missing", row=1, field=col.source_path)
    if spec.required_one_of and not set(spec.required_one_of) & set(header):
        raise InputError(path, "a column is required", row=1, field=" or ".join(spec.required_one_of))
    return header


def _load_in_transaction(
    con: duckdb.DuckDBPyConnection,
    path: Path,
    sha: str,
    spec: SourceSpec,
    header: list[str],
    max_object_bytes: int,
    started: float,
) -> LoadResult:
    raw_tables.ensure(con, spec)
    missing = con.execute(
        "select _row_number, _missing_field from _stage where _missing_field is not null "
        "order by _row_number limit 1"
    ).fetchall()
    if missing:
        row, field = missing[0]
        hint = f" ({spec.missing_field_hint})" if spec.missing_field_hint else ""
        raise InputError(path, "required field is missing" + hint, row=row, field=field)
    exact_money.restore_exact_money(con, spec, path)
    _mark_duplicate_keys(con, spec, path, header, max_object_bytes)
    rows_read, rows_bad = con.execute(
        "select count(*), count(*) filter (where len(_reasons) > 0) from _stage"
    ).fetchall()[0]
    ge_validated = validate.validate_good_rows(con, spec, path, rows_read - rows_bad)
    con.execute(
        """insert into raw._quarantine
           select ?, ?, ?, ?, _row_number, array_to_string(_reasons, '; '), _record, now()
           from _stage where len(_reasons) > 0""",
        [sha, path.name, spec.name, f"raw.{spec.raw_table}"],
    )
    stale = raw_tables.mark_stale_rows(con, spec)
    superseded = raw_tables.supersede(con, spec, sha) if rows_read > rows_bad + stale else 0
    raw_tables.insert_good_rows(con, spec, sha, path.name)
    rounded, residue = money_scale.rounding_summary(con, spec, path)
    period_start, period_end = _period(con, spec)
    seconds = time.perf_counter() - started
    con.execute(
        """insert into raw._ingest_files (file_sha256, source, raw_table, file_name, file_path, rows_read,
               rows_loaded, rows_quarantined, rows_superseded, rows_stale, period_start, period_end, status,
               loaded_at, seconds, ge_validated, money_values_rounded, money_rounding_residue)
           values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'loaded', now(), ?, ?, ?, ?)""",
        [sha, spec.name, f"raw.{spec.raw_table}", path.name, str(path), rows_read, rows_read - rows_bad,
         rows_bad, superseded, stale, period_start, period_end, seconds, ge_validated, rounded, residue],
    )  # fmt: skip
    period = f"{period_start:%Y-%m-%d} to {period_end:%Y-%m-%d}" if period_start and period_end else ""
    return LoadResult(path, spec.name, "loaded", rows_read, rows_read - rows_bad, rows_bad, superseded, stale,
                      rounded, period, seconds)  # fmt: skip


def _stage(con: duckdb.DuckDBPyConnection, path: Path, spec: SourceSpec, header: list[str]) -> int:
    """Create _stage; returns the JSON object size limit that read the file. A page bigger than
    DuckDB's default limit is read again with a limit fitted to the file."""
    max_object_bytes = DEFAULT_MAX_OBJECT_BYTES
    while True:
        try:
            con.execute(f"create temp table _stage as {staged_batch_sql(spec, str(path), header, max_object_bytes)}")
            return max_object_bytes
        except (duckdb.InvalidInputException, duckdb.IOException, duckdb.ConversionException) as error:
            size = path.stat().st_size
            if "maximum_object_size" in str(error) and max_object_bytes <= size:
                max_object_bytes = size + 1
                continue
            raise InputError(path, f"unreadable {spec.file_kind.upper()}: {_reader_message(error)}") from error


def _mark_duplicate_keys(
    con: duckdb.DuckDBPyConnection, spec: SourceSpec, path: Path, header: list[str], max_object_bytes: int
) -> None:
    """Rows sharing a natural key inside one file are ambiguous: all of them go to quarantine, none
    is picked silently. In billing lines, fields the reader does not know yet count as part of the key,
    so two charges that differ only by a vendor's new dimension both load. Costs one hash aggregate."""
    key = spec.unique_key
    keys = ", ".join(quote_ident(k) for k in key)
    duplicated = f"select {keys} from _stage group by all having count(*) > 1"
    if not con.execute(f"select exists ({duplicated})").fetchall()[0][0]:
        return
    matches = " and ".join(f"s.{quote_ident(k)} is not distinct from d.{quote_ident(k)}" for k in key)
    reason = sql_literal("duplicate natural key (" + ", ".join(spec.natural_key) + ")")
    con.execute(f"update _stage s set _reasons = list_append(_reasons, {reason}) from ({duplicated}) d where {matches}")
    # The original records were kept only for rows that failed a rule; fetch these few again.
    records = record_json_sql(spec, str(path), header, max_object_bytes)
    con.execute(
        f"""update _stage s set _record = r._record from ({records}) r
            where s._row_number = r._row_number and s._record is null and len(s._reasons) > 0"""
    )


def _period(con: duckdb.DuckDBPyConnection, spec: SourceSpec) -> tuple[object, object]:
    if not spec.period_start:
        return None, None
    start, end = quote_ident(spec.period_start), quote_ident(spec.period_end or spec.period_start)
    return con.execute(f"select min({start}), max({end}) from _stage where len(_reasons) = 0").fetchall()[0]


def _reader_message(error: Exception) -> str:
    """DuckDB's reader error on one line, without the error class and the file path we already name."""
    ragged = re.search(r"CSV Error on Line: (\d+).*?Expected Number of Columns: (\d+) Found: (\d+)", str(error), re.S)
    if ragged:
        line, expected, found = ragged.groups()
        return f"line {line} has {found} fields where the header has {expected}"
    text = str(error).strip().splitlines()[0]
    text = re.sub(r"^[A-Za-z ]+Error: ", "", text)
    return re.sub(r' in file "[^"]*"', "", text)[:300].rstrip(". ")
