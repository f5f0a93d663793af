"""Writing an export file: whole or not at all, and a failure is one line naming the file."""

from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path

import duckdb

from ingest.errors import InputError
from ingest.sql import sql_literal


def write_csv(con: duckdb.DuckDBPyConnection, select_sql: str, out: Path) -> None:
    """COPY the query to `out` through a temporary file beside it, renamed into place, so a full disk or a kill
    leaves the old file (or none), never half a CSV. A device or pipe (/dev/stdout) is written directly: a rename
    would replace the device node."""
    direct = out.exists() and not out.is_file()
    try:
        if not direct:
            out.parent.mkdir(parents=True, exist_ok=True)
            handle, name = tempfile.mkstemp(prefix=f".{out.name}.", suffix=".tmp", dir=out.parent)
            os.close(handle)
        target = out if direct else Path(name)
        try:
            con.execute(f"copy ({select_sql}) to {sql_literal(str(target))} (header, delimiter ',')")
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
