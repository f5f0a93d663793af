"""THE load path, the same for every source: detect, read, validate, commit in one transaction.

A file is identified by its sha256: the same bytes again are a no-op. Good rows land in
raw.<source>__<entity> with lineage; bad rows go to raw._quarantine with their reasons; a file-level
failure (unreadable, a required field missing) refuses the whole file and leaves nothing behind.

Most files are clean, and go straight from DuckDB's reader into the raw table (_load_direct), streamed in
bounded memory. A file with rows an insert cannot take is loaded again staged (_load_staged). Either way the
supersede steps then work on the file's rows in the raw table, so they exist once.
"""

from __future__ import annotations

import hashlib
import re
import time
from dataclasses import dataclass
from pathlib import Path

import duckdb

from ingest import deliveries, directory, exact_money, money_scale, pages, raw_tables, validate
from ingest.detect import detect, is_empty_export, read_head
from ingest.errors import InputError
from ingest.inputs import refuse_unreadable
from ingest.money_scale import unrounded_column
from ingest.readers._json_layout import DEFAULT_MAX_OBJECT_BYTES
from ingest.readers._spec import SourceSpec, csv_header
from ingest.sql import quote_ident, sql_literal
from ingest.stage import record_json_sql, staged_batch_sql


@dataclass(frozen=True)
class LoadResult:
    file: Path
    source: str
    status: str  # loaded | already_loaded | rejoined (deliveries.rejoin) | empty
    rows_read: int = 0
    rows_loaded: int = 0
    rows_quarantined: int = 0
    rows_superseded: int = 0
    rows_stale: int = 0  # rows of this file older than what the warehouse already holds
    money_values_rounded: int = 0  # values with more decimals than kept, rounded (money_scale.py)
    period: str = ""
    seconds: float = 0.0
    warnings: tuple[str, ...] = ()  # said on stderr after the summary line (an export that says it goes on, ...)

    def summary_line(self) -> str:
        if self.status == "already_loaded":
            return f"{self.file.name}: already loaded ({self.source}), nothing changed"
        if self.status == "rejoined":
            return (f"{self.file.name}: already loaded ({self.source}), unchanged in the newer delivery: "
                    f"{self.rows_loaded:,} rows current again")  # fmt: skip
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


# The direct load stops at the first row it cannot take with this message; the file is then loaded staged.
_NEEDS_STAGING = "costper: this file needs the staged load"


class _NeedsStaging(Exception):
    """The file has rows a plain insert cannot take: load it again, staged."""


class _BiggerPage(Exception):
    """A page is bigger than the JSON reader's object limit, which is now raised: load the file again."""


@dataclass
class _FileReader:
    """Builds the file's SQL and runs it, turning DuckDB's reader errors into one line for the user."""

    path: Path
    spec: SourceSpec
    header: list[str]
    max_object_bytes: int = DEFAULT_MAX_OBJECT_BYTES

    def staged_batch(self, *, every_record: bool = False) -> str:
        sql = staged_batch_sql(self.spec, str(self.path), self.header, self.max_object_bytes, every_record=every_record)
        return f"({sql})"

    def records(self) -> str:
        return record_json_sql(self.spec, str(self.path), self.header, self.max_object_bytes)

    def execute(self, con: duckdb.DuckDBPyConnection, sql: str, params: list[object] | None = None) -> list[tuple]:
        try:
            return con.execute(sql, params or []).fetchall()
        except (duckdb.InvalidInputException, duckdb.IOException, duckdb.ConversionException) as error:
            if _NEEDS_STAGING in str(error):
                raise _NeedsStaging from error
            size = self.path.stat().st_size
            if "maximum_object_size" in str(error) and self.max_object_bytes <= size:
                self.max_object_bytes = size + 1  # a page bigger than DuckDB's default limit: fit it to the file
                raise _BiggerPage from error
            kind = self.spec.file_kind.upper()
            raise InputError(self.path, f"unreadable {kind}: {_reader_message(error)}") from error


def load_file(
    con: duckdb.DuckDBPyConnection, path: Path, source: str | None = None, *, expectations: bool = False
) -> LoadResult:
    """Load one file in one transaction. expectations: also run its source's Great Expectations suite."""
    started = time.perf_counter()
    path = refuse_unreadable(Path(path))
    sha = file_sha256(path)
    seen = con.execute("select source from raw._ingest_files where file_sha256 = ?", [sha]).fetchall()
    if seen:
        restored = deliveries.rejoin(con, detect(path, seen[0][0]), path, sha)
        return LoadResult(path, seen[0][0], "rejoined" if restored else "already_loaded", rows_loaded=restored)
    if source is None and is_empty_export(path):
        return LoadResult(path, "-", "empty")
    spec = detect(path, source)
    reader = _FileReader(path, spec, _csv_header(path, spec))
    staged = False
    while True:  # a retry starts the transaction again: DuckDB aborts it at the first error
        con.execute("begin transaction")
        try:
            result = _load_in_transaction(con, reader, sha, started, staged=staged, expectations=expectations)
            con.execute("commit")
            return result
        except _NeedsStaging:
            con.execute("rollback")
            staged = True
        except _BiggerPage:
            con.execute("rollback")
        except BaseException:
            con.execute("rollback")
            raise


def _csv_header(path: Path, spec: SourceSpec) -> list[str]:
    if spec.file_kind != "csv":
        return []
    header = csv_header(read_head(path))
    for col in spec.columns:
        if col.required and col.header_name(header) is None:
            raise InputError(path, "required column is missing", row=1, field=col.source_path.replace("|", " or "))
    if spec.required_one_of and not set(spec.required_one_of) & set(header):
        raise InputError(path, "a column is required", row=1, field=" or ".join(spec.required_one_of))
    return header


def _load_in_transaction(
    con: duckdb.DuckDBPyConnection, reader: _FileReader, sha: str, started: float, *, staged: bool, expectations: bool
) -> LoadResult:
    spec, path = reader.spec, reader.path
    raw_tables.ensure(con, spec)
    delivery = deliveries.find(con, spec, path, sha)  # before the rows: a part re-delivered starts a new delivery
    if staged:
        rows_read, rows_bad, rounded, residue = _load_staged(con, reader, sha)
    else:
        rows_read, rows_bad, rounded, residue = _load_direct(con, reader, sha), 0, 0, None
    directory.refuse_overlaps(con, spec, path, sha)
    older_versions = raw_tables.supersede_older_versions_in_file(con, spec, sha)
    ge_validated = expectations and validate.validate_loaded_rows(con, spec, path, sha)
    deliveries.record(con, spec, sha, delivery)
    stale = older_versions + raw_tables.mark_stale_rows(con, spec, sha) + deliveries.mark_older_delivery(con, spec, sha)
    superseded = 0
    if rows_read > rows_bad + stale:
        restated = pages.restated_buckets(con, spec, path, sha, reader.max_object_bytes)
        spared = deliveries.spared(sha) if deliveries.applies(spec) else None
        superseded = raw_tables.supersede(con, spec, sha, restated, spared)
        if restated:
            con.execute(f"drop table {restated}")
    period_start, period_end = raw_tables.period(con, spec, sha)
    seconds = time.perf_counter() - started
    con.execute(
        """insert into raw._ingest_files (file_sha256, source, raw_table, file_name, file_path, rows_read,
               rows_loaded, rows_quarantined, rows_superseded, rows_stale, period_start, period_end, status,
               loaded_at, seconds, ge_validated, money_values_rounded, money_rounding_residue)
           values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'loaded', now(), ?, ?, ?, ?)""",
        [sha, spec.name, f"raw.{spec.raw_table}", path.name, str(path), rows_read, rows_read - rows_bad,
         rows_bad, superseded, stale, period_start, period_end, seconds, ge_validated, rounded, residue],
    )  # fmt: skip
    period = f"{_day(period_start)} to {_day(period_end)}" if period_start and period_end else ""
    return LoadResult(path, spec.name, "loaded", rows_read, rows_read - rows_bad, rows_bad, superseded, stale,
                      rounded, period, seconds,
                      pages.unfinished_export(con, spec, path, sha, reader.max_object_bytes)
                      + deliveries.shortfall(con, delivery))  # fmt: skip


def _day(value: object) -> str:
    """A period's bound as a day; DuckDB gives a timestamp beyond Python's datetime (year 10000+) as text."""
    return str(value)[:10]


def _load_direct(con: duckdb.DuckDBPyConnection, reader: _FileReader, sha: str) -> int:
    """The usual file: one INSERT ... SELECT from the file into its raw table, which DuckDB streams in bounded
    memory. The first row that needs more than an insert (a rule broken, a field missing, money to re-read
    exactly or to round) stops it, and so does a duplicate key found after: the file is then loaded staged."""
    spec = reader.spec
    needs_staging = ["len(_reasons) > 0", "_missing_field is not null", "_money_is_number"]
    needs_staging += [f"{quote_ident(unrounded_column(c))} is not null" for c in spec.columns if c.is_decimal]
    guard = f"case when {' or '.join(needs_staging)} then error({sql_literal(_NEEDS_STAGING)}) else true end"
    insert = raw_tables.insert_sql(spec, reader.staged_batch(), guard)
    (loaded,) = reader.execute(con, insert, [sha, reader.path.name])[0]
    this_file = f"_file_sha256 = {sql_literal(sha)}"
    rows = f"(select * from raw.{spec.raw_table} where {this_file})"
    if not raw_tables.is_versioned(spec) and raw_tables.has_duplicate_keys(con, spec, rows):
        raise _NeedsStaging
    raw_tables.number_rows(con, f"raw.{spec.raw_table}", this_file)
    return loaded


def _load_staged(con: duckdb.DuckDBPyConnection, reader: _FileReader, sha: str) -> tuple[int, int, int, str | None]:
    """A file with rows to quarantine, duplicates, money to restore or round: the batch is staged first. The
    stage is a table of the warehouse created in the load's transaction, so DuckDB writes a big batch out
    instead of holding it in memory, and nobody ever sees it (rolled back or dropped before the commit). Every
    record's JSON is looked at, so a bad row keeps its original record in the same pass."""
    spec, path = reader.spec, reader.path
    reader.execute(con, f"create table _stage as select * from {reader.staged_batch(every_record=True)}")
    raw_tables.number_rows(con, "_stage")
    missing = con.execute(
        "select _row_number, _missing_field from _stage where _missing_field is not null "
        "order by _row_number limit 1"
    ).fetchall()
    if missing:
        row, field = missing[0]
        hint = f" ({spec.missing_field_hint})" if spec.missing_field_hint else ""
        raise InputError(path, "required field is missing" + hint, row=row, field=field)
    exact_money.restore_exact_money(con, spec, path)
    _mark_duplicate_keys(con, reader)
    if directory.is_snapshot(spec):
        directory.refuse_bad_rows(con, spec, path)
    rows_read, rows_bad = con.execute(
        "select count(*), count(*) filter (where len(_reasons) > 0) from _stage"
    ).fetchall()[0]
    con.execute(
        """insert into raw._quarantine
           select ?, ?, ?, ?, _row_number, array_to_string(_reasons, '; '), _record, now()
           from _stage where len(_reasons) > 0""",
        [sha, path.name, spec.name, f"raw.{spec.raw_table}"],
    )
    rounded, residue = money_scale.rounding_summary(con, spec, path)
    con.execute(raw_tables.insert_sql(spec, "_stage", "len(_reasons) = 0"), [sha, path.name])
    con.execute("drop table _stage")
    return rows_read, rows_bad, rounded, residue


def _mark_duplicate_keys(con: duckdb.DuckDBPyConnection, reader: _FileReader) -> None:
    """Good rows sharing a natural key inside one file are ambiguous: all of them go to quarantine, none
    is picked silently. In billing lines, fields the reader does not know yet count as part of the key,
    so two charges that differ only by a vendor's new dimension both load. Rows already bad for another reason
    (a bucket that ends before it starts, say) take no part: they must not drag good rows with them. Versions of
    one entity (a PR exported twice) are not duplicates: the latest wins (raw_tables)."""
    spec = reader.spec
    good = "(select * from _stage where len(_reasons) = 0)"
    if raw_tables.is_versioned(spec) or not raw_tables.has_duplicate_keys(con, spec, good):
        return
    matches = " and ".join(f"s.{quote_ident(k)} is not distinct from d.{quote_ident(k)}" for k in spec.unique_key)
    reason = sql_literal("duplicate natural key (" + ", ".join(spec.natural_key) + ")")
    con.execute(
        f"""update _stage s set _reasons = list_append(_reasons, {reason})
            from ({raw_tables.duplicate_keys_sql(spec, good)}) d where {matches} and len(s._reasons) = 0"""
    )
    # A duplicate that broke no rule has no record yet: read the file again for these. Their row numbers go in
    # as a list of constants, which DuckDB holds in the join's hash table; given as a subquery, DuckDB misjudges
    # the read's size and would hold all the file's records instead (2 GB for 3M rows).
    wanted = con.execute("select _row_number from _stage where _record is null and len(_reasons) > 0").fetchall()
    if not wanted:
        return
    rows = ", ".join(str(row) for (row,) in wanted)
    reader.execute(
        con,
        f"""update _stage s set _record = r._record
            from (select * from ({reader.records()}) where _row_number in ({rows})) r
            where s._row_number = r._row_number""",
    )


def _reader_message(error: Exception) -> str:
    """DuckDB's reader error on one line, without the error class and the file path we already name."""
    ragged = re.search(r"CSV Error on Line: (\d+).*?Expected Number of Columns: (\d+) Found: (\d+)", str(error), re.S)
    if ragged:
        line, expected, found = ragged.groups()
        return f"line {line} has {found} fields where the header has {expected}"
    line = re.search(r"CSV Error on Line: (\d+)", str(error))
    if line and "Invalid unicode" in str(error):
        return f"line {line.group(1)} is not UTF-8 (save the file as UTF-8)"
    text = str(error).strip().splitlines()[0]
    text = re.sub(r"^[A-Za-z ]+Error: ", "", text)
    return re.sub(r' in file "[^"]*"', "", text)[:300].rstrip(". ")
