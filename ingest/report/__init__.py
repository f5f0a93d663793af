"""`costper report`: one month as a static HTML page an executive reads in two minutes (README "Report")."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import duckdb

from ingest.errors import InputError
from ingest.export.files import check_month, refuse_existing
from ingest.report.render import render_html

REPORT_FILE = "report_{month}.html"


def write_report(
    con: duckdb.DuckDBPyConnection, month: str, out: Path, *, force: bool = False, currency: str | None = None
) -> Path:
    """Render the month and write it whole through a temporary file beside `out`, so a failure leaves the old
    file (or none), never half a page."""
    check_month(month)
    refuse_existing(out, force)
    page = render_html(con, month, currency)
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        handle, name = tempfile.mkstemp(prefix=f".{out.name}.", suffix=".tmp", dir=out.parent)
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as file:
                file.write(page)
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(name, 0o666 & ~umask)  # mkstemp's 0600 would keep the page from whoever it is shared with
            os.replace(name, out)
        finally:
            Path(name).unlink(missing_ok=True)
    except OSError as error:
        raise InputError("", f"{out}: cannot write: {error.strerror} (in {out.parent})") from None
    return out
