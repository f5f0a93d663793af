"""What the warehouse holds: files loaded per source, rows, periods covered, quarantined rows."""

from __future__ import annotations

import re

import duckdb

STATUS_SQL = """
select source,
       count(*) as files,
       sum(rows_loaded) as rows_loaded,
       sum(rows_quarantined) as rows_quarantined,
       sum(rows_superseded) as rows_superseded,
       strftime(min(period_start), '%Y-%m-%d') as first_day,
       strftime(max(period_end), '%Y-%m-%d') as last_day,
       strftime(max(loaded_at), '%Y-%m-%d %H:%M') as last_loaded_utc
from raw._ingest_files
group by source
order by source
"""

QUARANTINE_BY_REASON_SQL = """
select source, reasons, count(*) as rows, count(distinct file_sha256) as files
from raw._quarantine group by all order by rows desc, source, reasons
"""

QUARANTINE_SQL = """
select file_name, row_number, reasons from raw._quarantine order by quarantined_at desc, file_name, row_number limit ?
"""


def _is_number(value: object) -> bool:
    placeholder_or_number = r"-?[\d,]+(\.\d+)?|-|unknown"
    return value is None or isinstance(value, int | float) or bool(re.fullmatch(placeholder_or_number, str(value)))


def format_table(headers: list[str], rows: list[tuple]) -> str:
    """A plain aligned text table: numbers right-aligned, text left-aligned."""
    numeric = [all(_is_number(r[i]) for r in rows) for i in range(len(headers))]
    cells = [headers] + [["" if v is None else f"{v:,}" if isinstance(v, int) else str(v) for v in r] for r in rows]
    widths = [max(len(row[i]) for row in cells) for i in range(len(headers))]
    lines = [
        "  ".join(c.rjust(w) if numeric[i] else c.ljust(w) for i, (c, w) in enumerate(zip(row, widths, strict=True)))
        for row in cells
    ]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(line.rstrip() for line in lines)


def status_report(con: duckdb.DuckDBPyConnection, quarantine_rows: int = 10) -> str:
    cursor = con.execute(STATUS_SQL)
    headers = [d[0] for d in cursor.description]
    rows = cursor.fetchall()
    if not rows:
        return "No files loaded yet. Try: costper ingest PATH...  or  costper demo"
    report = [format_table(headers, rows)]
    by_reason = con.execute(QUARANTINE_BY_REASON_SQL).fetchall()
    if by_reason:
        total = sum(r[2] for r in by_reason)
        report.append(f"\nQuarantined rows: {total:,} (all of them, with the original records, in raw._quarantine)")
        report.append(format_table(["source", "reasons", "rows", "files"], by_reason))
        latest = con.execute(QUARANTINE_SQL, [quarantine_rows]).fetchall()
        report.append(f"\nLatest {len(latest)}:")
        report.append(format_table(["file", "row", "reasons"], latest))
    return "\n".join(report)
