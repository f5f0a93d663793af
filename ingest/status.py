"""What the warehouse holds: files loaded per source, rows, periods covered, quarantined rows; and what the last
build made of them: when it ran and its warnings, the latest month's unattributed share, budgets at warning or
over, and spend anomalies of the 7 days before its as_of (each only where its mart exists)."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta
from decimal import Context, Decimal

import duckdb

from ingest import last_build
from ingest.superseded import superseded_report

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

ROUNDED_TOTAL_SQL = """
select coalesce(sum(money_values_rounded), 0), count(*) from raw._ingest_files where money_values_rounded > 0
"""

ROUNDED_SQL = """
select file_name, source, money_values_rounded as values_rounded, money_rounding_residue as residue
from raw._ingest_files where money_values_rounded > 0 order by loaded_at desc, file_name limit ?
"""

QUARANTINE_SQL = """
select file_name, row_number, reasons from raw._quarantine order by quarantined_at desc, file_name, row_number limit ?
"""


def _is_number(value: object) -> bool:
    placeholder_or_number = r"-?[\d,]+(\.\d+)?|-|unknown"
    if isinstance(value, bool):
        return False
    return (
        value is None
        or isinstance(value, int | float | Decimal)
        or bool(re.fullmatch(placeholder_or_number, str(value)))
    )


def _decimals(values: list[object]) -> int | None:
    """A DECIMAL column is shown with the fewest decimals that keep every value in it exact, at least 2: aligned,
    exact, and 0.645 rather than 0.645000000000 (or 0E-12)."""
    decimals = [value for value in values if isinstance(value, Decimal)]
    if not decimals:
        return None
    # normalize() in a context as wide as the value: the default context's 28 digits would round DECIMAL(38,12)
    exponents = [value.normalize(Context(prec=len(value.as_tuple().digits))).as_tuple().exponent
                 for value in decimals if value.is_finite()]  # fmt: skip
    return max([2, *(-e for e in exponents if isinstance(e, int))])


def _cell(value: object, decimals: int | None, null: str) -> str:
    if value is None:
        return null
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, Decimal):
        return format(value, f".{decimals}f") if value.is_finite() else str(value)
    return str(value)


def format_table(headers: list[str], rows: list[tuple], *, null: str = "") -> str:
    """A plain aligned text table: numbers right-aligned, text left-aligned; NULL shown as `null`."""
    columns = list(zip(*rows, strict=True)) or [() for _ in headers]
    numeric = [all(_is_number(v) for v in column) for column in columns]
    decimals = [_decimals(list(column)) for column in columns]
    cells = [headers] + [[_cell(v, decimals[i], null) for i, v in enumerate(r)] for r in rows]
    widths = [max(len(row[i]) for row in cells) for i in range(len(headers))]
    lines = [
        "  ".join(c.rjust(w) if numeric[i] else c.ljust(w) for i, (c, w) in enumerate(zip(row, widths, strict=True)))
        for row in cells
    ]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(line.rstrip() for line in lines)


def status_report(con: duckdb.DuckDBPyConnection, quarantine_rows: int = 10) -> str:
    manifest = "select count(*) from information_schema.tables where table_schema = 'raw' and table_name = ?"
    if not con.execute(manifest, ["_ingest_files"]).fetchall()[0][0]:  # a DuckDB file costper never wrote to
        return "No files loaded yet. Try: costper ingest PATH...  or  costper demo"
    cursor = con.execute(STATUS_SQL)
    headers = [d[0] for d in cursor.description]
    rows = cursor.fetchall()
    if not rows:
        return "No files loaded yet. Try: costper ingest PATH...  or  costper demo"
    report = [format_table(headers, rows), *build_report(con), *_rounding_report(con, quarantine_rows)]
    by_reason = con.execute(QUARANTINE_BY_REASON_SQL).fetchall()
    if by_reason:
        total = sum(r[2] for r in by_reason)
        report.append(f"\nQuarantined rows: {total:,} (all of them, with the original records, in raw._quarantine)")
        report.append(format_table(["source", "reasons", "rows", "files"], by_reason))
        latest = con.execute(QUARANTINE_SQL, [quarantine_rows]).fetchall()
        report.append(f"\nLatest {len(latest)}:")
        report.append(format_table(["file", "row", "reasons"], latest))
    return "\n".join(report)


def _rounding_report(con: duckdb.DuckDBPyConnection, limit: int) -> list[str]:
    """Files whose money had more decimals than kept: how many values were rounded, and the residue."""
    values, files = con.execute(ROUNDED_TOTAL_SQL).fetchall()[0]
    if not values:
        return []
    latest = con.execute(ROUNDED_SQL, [limit]).fetchall()
    return [
        f"\nMoney rounded to the kept scale: {values:,} values in {files:,} {'file' if files == 1 else 'files'} "
        "(residue = as given - kept, per column, in raw._ingest_files)",
        format_table(["file", "source", "values_rounded", "residue"], latest),
    ]


UNATTRIBUTED_SQL = """
select strftime(period_month, '%Y-%m'), billing_currency, sum(unattributed_cost), sum(total_cost)
from marts.mart_team_spend
where period_month = (select max(period_month) from marts.mart_team_spend where period_month <= ?)
group by all order by billing_currency
"""

BUDGETS_SQL = """
select scope_kind, scope_id, scope_name, billing_currency as currency,
       cast(round(budget_amount, 2) as decimal(38, 2)) as budget,
       cast(round(actual_to_date, 2) as decimal(38, 2)) as actual,
       cast(round(forecast_linear, 2) as decimal(38, 2)) as forecast_linear,
       cast(round(forecast_robust, 2) as decimal(38, 2)) as forecast_robust,
       cast(round(forecast_pct_of_budget, 2) as decimal(38, 2)) as forecast_pct,
       days_until_exhausted, alert_level
from marts.mart_budget_status
where budget_month = ? and alert_level in ('warning', 'over')
order by alert_level = 'over' desc, forecast_pct_of_budget desc, scope_kind, scope_id, billing_currency
"""

ANOMALIES_SQL = """
select strftime(anomaly_date, '%Y-%m-%d') as day, scope_kind, scope_name, team_id, provider,
       billing_currency as currency,
       cast(round(spend, 2) as decimal(38, 2)) as spend,
       cast(round(baseline_median, 2) as decimal(38, 2)) as baseline,
       cast(round(excess_spend, 2) as decimal(38, 2)) as excess,
       cast(round(z_score, 2) as decimal(38, 2)) as z_score
from marts.mart_spend_anomalies
where anomaly_date >= ? and anomaly_date < ?
order by anomaly_date desc, excess_spend desc, scope_kind, scope_id
"""

ANOMALY_DAYS = 7


def _has_table(con: duckdb.DuckDBPyConnection, schema: str, table: str) -> bool:
    found = "select count(*) from information_schema.tables where table_schema = ? and table_name = ?"
    return bool(con.execute(found, [schema, table]).fetchall()[0][0])


def build_report(con: duckdb.DuckDBPyConnection) -> list[str]:
    """The last build and what its marts say needs attention; a mart that does not exist shows nothing."""
    build = last_build.latest(con)
    if build is None:
        report = ["\nLast build: none recorded (costper build and costper run record one)"]
    else:
        report = [f"\nLast build: {build.line()}", *(f"  {warning}" for warning in build.warnings)]
        files, latest = last_build.loaded_files(con)
        if (files, latest) != (build.files_loaded, build.last_loaded_at):
            new = files - build.files_loaded
            files_since = f"{new} {'file' if new == 1 else 'files'} loaded since"
            report.append(f"  {files_since}, not in the marts yet: costper build")
    as_of = build.as_of if build and build.as_of else datetime.now(UTC).date()
    last_day = as_of - timedelta(days=1)  # the month shown is that of the last day before as_of
    if _has_table(con, "intermediate", "int_cost__superseded_lines"):
        report += superseded_report(con)
    if _has_table(con, "marts", "mart_team_spend"):
        report += _unattributed(con, last_day)
    if _has_table(con, "marts", "mart_budget_status"):
        report += _budgets(con, last_day)
    if _has_table(con, "marts", "mart_spend_anomalies"):
        report += _anomalies(con, as_of)
    return report


def _unattributed(con: duckdb.DuckDBPyConnection, last_day: date) -> list[str]:
    lines = []
    for month, currency, unattributed, total in con.execute(UNATTRIBUTED_SQL, [last_day]).fetchall():
        share = f"{unattributed * 100 / total:.1f}%" if total else "no spend"
        lines.append(f"Unattributed spend in {month}: {currency} {unattributed:,.2f} of {total:,.2f} ({share}), "
                     "cost that reached no outcome")  # fmt: skip
    return lines


def _budgets(con: duckdb.DuckDBPyConnection, last_day: date) -> list[str]:
    """The latest budget month that began by the last day before as_of (as_of 2026-11-01: October): its budgets
    at warning or over."""
    month = con.execute(
        "select max(budget_month) from marts.mart_budget_status where budget_month <= ?", [last_day]
    ).fetchall()[0][0]
    if month is None:
        return []
    cursor = con.execute(BUDGETS_SQL, [month])
    rows = cursor.fetchall()
    if not rows:
        return [f"Budgets at warning or over in {month:%Y-%m}: none"]
    return [f"Budgets at warning or over in {month:%Y-%m}:", format_table([d[0] for d in cursor.description], rows)]


def _anomalies(con: duckdb.DuckDBPyConnection, as_of: date) -> list[str]:
    start = as_of - timedelta(days=ANOMALY_DAYS)
    cursor = con.execute(ANOMALIES_SQL, [start, as_of])
    rows = cursor.fetchall()
    when = f"the {ANOMALY_DAYS} days before {as_of} ({start} to {as_of - timedelta(days=1)})"
    if not rows:
        return [f"Spend anomalies in {when}: none"]
    return [f"Spend anomalies in {when}:", format_table([d[0] for d in cursor.description], rows, null="null")]
