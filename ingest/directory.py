"""The directory files (people.csv, aliases.csv) are whole snapshots: one loads complete or not at all.

A billing file with a bad row loads its good rows and quarantines the bad one, because the rest of the bill is
still true. A directory with a bad row is not: a person whose row is dropped vanishes from their team, and every
later build attributes their cost elsewhere. So a directory file that breaks its contract anywhere (a value that
is not its type, a rule, a duplicate key, two stretches of one person that overlap) is refused with one line
naming file, row and field, and the previous snapshot stays current.
"""

from __future__ import annotations

from pathlib import Path

import duckdb

from ingest.errors import InputError
from ingest.readers._spec import SourceSpec
from ingest.sql import quote_ident, sql_literal

_REFUSED = "the directory loads whole or not at all (the previous one stays)"


def is_snapshot(spec: SourceSpec) -> bool:
    return spec.supersede == "snapshot"


def refuse_bad_rows(con: duckdb.DuckDBPyConnection, spec: SourceSpec, path: Path) -> None:
    """The staged batch (_stage) of a directory file: its first bad row, if any, refuses the file."""
    bad = con.execute(
        "select _row_number, _reasons, count(*) over () from _stage where len(_reasons) > 0 "
        "order by _row_number limit 1"
    ).fetchall()
    if not bad:
        return
    row, reasons, count = bad[0]
    field, _, message = reasons[0].rpartition(": ") if ": " in reasons[0] else ("", "", reasons[0])
    more = f" (and {count - 1} more bad rows)" if count > 1 else ""
    raise InputError(path, f"{message}{more}; {_REFUSED}", row=_file_row(spec, row), field=field or None)


def refuse_overlaps(con: duckdb.DuckDBPyConnection, spec: SourceSpec, path: Path, sha: str) -> None:
    """Two stretches of one person ([valid_from, valid_to), open when valid_to is empty) may not overlap: the
    person would be in two teams on the same day."""
    if not spec.no_overlap:
        return
    key = ", ".join(quote_ident(c) for c in spec.no_overlap)
    overlap = con.execute(
        f"""select _row_number, previous_row, {key} from (
                select _row_number, valid_from, {key},
                       lag(valid_to) over stretch as previous_to, lag(_row_number) over stretch as previous_row
                from raw.{spec.raw_table} where _file_sha256 = {sql_literal(sha)}
                window stretch as (partition by {key} order by valid_from, _row_number))
            where previous_row is not null and (previous_to is null or previous_to > valid_from)
            order by _row_number limit 1"""
    ).fetchall()
    if overlap:
        row, previous, *owner = overlap[0]
        who = ", ".join(str(v) for v in owner)
        message = f"{who} is already valid then (row {_file_row(spec, previous)}); {_REFUSED}"
        raise InputError(path, f"overlaps another stretch: {message}", row=_file_row(spec, row), field="valid_from")


def _file_row(spec: SourceSpec, record: int) -> int:
    """The line of the file a record is on: a CSV's header is line 1."""
    return record + 1 if spec.file_kind == "csv" else record
