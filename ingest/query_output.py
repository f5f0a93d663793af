"""`costper query`: one read-only query, printed as a table, CSV or JSON, at most `limit` rows.

DuckDB does the work: the query stays a relation inside DuckDB, only the rows shown reach Python (the table),
and CSV and JSON are written by DuckDB's own COPY (exact decimals, `true`/`false`, an empty field or `null` for
NULL) into a temporary file that is then streamed to stdout.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

import duckdb

from ingest.errors import InputError
from ingest.sql import quote_ident, sql_literal
from ingest.status import format_table

DEFAULT_LIMIT = 100
RESULT_VIEW = "costper_query_result"


@dataclass(frozen=True)
class Shown:
    rows: int
    total: int

    def note(self) -> str | None:
        """The line for stderr when rows were cut."""
        if self.rows == self.total:
            return None
        return f"showing {self.rows:,} of {self.total:,} rows; --limit 0 for all"


def engine_message(error: duckdb.Error) -> str:
    """DuckDB's message on one line, with its hints ("Did you mean ...?", "Candidate bindings: ...") and without
    the echoed query and caret, which only make sense in a fixed-width terminal."""
    lines = []
    for line in str(error).splitlines():
        if line.startswith("LINE "):
            break
        if line.strip():
            lines.append(line.strip())
    return " ".join(lines)


def run_query(
    con: duckdb.DuckDBPyConnection,
    sql: str,
    fmt: str = "table",
    limit: int = DEFAULT_LIMIT,
    out: BinaryIO | None = None,
) -> Shown | None:
    """Print the query's result to `out` (stdout) in `fmt` (table, csv, json); None for a statement with no result.
    A query DuckDB refuses is bad input: one line with the engine's own message and hints."""
    out = out or sys.stdout.buffer
    try:
        relation = con.sql(sql)
        if relation is None:
            return None
        con.register(RESULT_VIEW, relation)
        shown = _count(con, limit)
        if fmt == "table":
            _write_table(con, limit, out)
        else:
            # the view's names: a query's duplicate names (`select 1 a, 2 a`) are made unique there (a, a_1)
            _copy(con, fmt, limit, _json_columns(con.sql(_limited(0))) if fmt == "json" else "*", out)
    except duckdb.Error as error:
        raise InputError("", engine_message(error)) from error
    finally:
        con.unregister(RESULT_VIEW)
    return shown


def _limited(limit: int, columns: str = "*") -> str:
    return f"select {columns} from {RESULT_VIEW}" + (f" limit {int(limit)}" if limit else "")


def _count(con: duckdb.DuckDBPyConnection, limit: int) -> Shown:
    """Rows shown and rows in all; the full count runs only when there are more than `limit` rows."""
    if limit:
        (rows,) = con.execute(f"select count(*) from ({_limited(limit + 1, '1')})").fetchall()[0]
        if rows <= limit:
            return Shown(rows, rows)
    (total,) = con.execute(f"select count(*) from {RESULT_VIEW}").fetchall()[0]
    return Shown(min(total, limit) if limit else total, total)


def _write_table(con: duckdb.DuckDBPyConnection, limit: int, out: BinaryIO) -> None:
    cursor = con.execute(_limited(limit))
    headers = [d[0] for d in cursor.description]
    out.write((format_table(headers, cursor.fetchall(), null="NULL") + "\n").encode())


def _json_columns(relation: duckdb.DuckDBPyRelation) -> str:
    """Every DECIMAL as its exact text, so no JSON reader turns money into a float."""
    return ", ".join(
        f"cast({quote_ident(name)} as varchar) as {quote_ident(name)}" if str(kind).startswith("DECIMAL")
        else quote_ident(name)
        for name, kind in zip(relation.columns, relation.types, strict=True)
    )  # fmt: skip


def _copy(con: duckdb.DuckDBPyConnection, fmt: str, limit: int, columns: str, out: BinaryIO) -> None:
    options = "format json, array true" if fmt == "json" else "format csv, header"
    with tempfile.TemporaryDirectory(prefix="costper-query-") as tmp:
        path = Path(tmp) / f"result.{fmt}"
        con.execute(f"copy ({_limited(limit, columns)}) to {sql_literal(str(path))} ({options})")
        with path.open("rb") as result:
            shutil.copyfileobj(result, out)
    out.flush()
