"""Writing an export file: whole or not at all, and a failure is one line naming the file."""

from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path

import duckdb

from ingest.errors import InputError
from ingest.sql import sql_literal

COPY_OPTIONS = {"csv": "header, delimiter ','", "parquet": "format parquet"}


def check_month(month: str) -> None:
    """Every export is of one calendar month, given as YYYY-MM."""
    if not re.fullmatch(r"\d{4}-(0[1-9]|1[0-2])", month):
        raise InputError("", f"--month must look like 2026-10, not {month!r}")


def refuse_existing(out: Path, force: bool) -> None:
    """An export never replaces a file someone may have edited or sent, unless asked to."""
    if out.exists() and not force:
        raise InputError("", f"{out}: already exists; pass --force to overwrite it")


def write_export(con: duckdb.DuckDBPyConnection, select_sql: str, out: Path, *, file_format: str = "csv") -> None:
    """COPY the query to `out` (CSV, or Parquet) through a temporary file beside it, renamed into place, so a full
    disk or a kill leaves the old file (or none), never half a file. A device or pipe (/dev/stdout) is written
    directly: a rename would replace the device node."""
    direct = out.exists() and not out.is_file()
    try:
        if not direct:
            out.parent.mkdir(parents=True, exist_ok=True)
            handle, name = tempfile.mkstemp(prefix=f".{out.name}.", suffix=".tmp", dir=out.parent)
            os.close(handle)
        target = out if direct else Path(name)
        try:
            con.execute(f"copy ({select_sql}) to {sql_literal(str(target))} ({COPY_OPTIONS[file_format]})")
            if not direct:
                os.replace(target, out)
        finally:
            if not direct:
                Path(name).unlink(missing_ok=True)
    except duckdb.IOException as error:
        raise InputError("", f"{out}: cannot write: {_reason(str(error))}") from None
    except OSError as error:
        if out.parent.exists() and not out.parent.is_dir():
            reason = f"{out.parent} is not a directory"
        else:
            reason = f"{error.strerror} (in {out.parent})"
        raise InputError("", f"{out}: cannot write: {reason}") from None


def _reason(message: str) -> str:
    """The OS's reason at the end of DuckDB's IO error ("No space left on device"), without the path and the
    JSON DuckDB wraps an async write error in."""
    found = re.findall(r': ([A-Z][a-z][^:"{}]*)(?:"|$)', message)
    return found[-1] if found else message.splitlines()[0].removeprefix("IO Error: ")
