"""Which loaded files left billed money in quarantine: what makes `costper ingest` exit 3 (EXIT_MONEY_QUARANTINED).

A quarantined row of a source that bills money (a reader with a required money column: the cost reports, and the
invoices the bill is tied to) is in no mart, so a total is short by it until the file is fixed; the build warns
of the same rows (tests/dbt/staging/assert_no_billed_money_in_quarantine.sql, and for invoices
tests/dbt/finance/assert_no_invoice_in_quarantine.sql). A row whose
amount is zero costs nothing; one whose amount is unreadable or missing may cost anything, so it counts. A file
whose every row was quarantined counts whatever its source: nothing of it reached the marts.
"""

from __future__ import annotations

from datetime import datetime

import duckdb

from ingest.readers import REGISTRY
from ingest.readers._spec import MONEY
from ingest.sql import sql_literal

# source -> the record's billed amount: its required money field (Anthropic `amount`, OpenAI `amount.value`), so
# a new cost reader counts by declaring its amount, not by being added to a list here
# (a CSV column's spellings, 'CostInBillingCurrency|costInBillingCurrency', are each a path: the record has one)
BILLED_AMOUNT_PATHS = {
    spec.name: [
        "$." + name
        for column in spec.columns
        if column.type == MONEY and column.required
        for name in column.source_path.split("|")
    ]
    + ["$." + path for path in spec.billed_amount_paths if path]
    for spec in REGISTRY.values()
    if spec.bills_money
    and (spec.billed_amount_paths or any(c.type == MONEY and c.required for c in spec.columns))
}
# the same map is var('billed_amount_paths') of the build's warning (tests/dbt/staging/
# assert_no_billed_money_in_quarantine.sql), so that ingest's exit 3 and the build's agree; test_doubles holds
# them equal
BILLED_SOURCES = tuple(BILLED_AMOUNT_PATHS)


def _money_rows_sql() -> str:
    cases = " ".join(
        f"when {sql_literal(s)} then "
        + (
            "coalesce(" + ", ".join(f"json_extract_string(record, {sql_literal(path)})" for path in paths) + ")"
            if paths
            else "null"  # no amount in the file: the row may cost anything
        )
        for s, paths in BILLED_AMOUNT_PATHS.items()
    )
    return f"""
        select file_name, count(*) from raw._quarantine
        where file_sha256 = ? and source in {BILLED_SOURCES}
          and coalesce(try_cast(case source {cases} end as decimal(38, 12)) <> 0, true)
        group by file_name"""


def warnings(con: duckdb.DuckDBPyConnection, loaded_since: datetime) -> list[str]:
    """One line per file loaded since then (by this run: the writer lock keeps others out) that left billed money
    in quarantine or loaded no row at all."""
    lines = []
    for sha, name, read, loaded, quarantined in con.execute(
        "select file_sha256, file_name, rows_read, rows_loaded, rows_quarantined from raw._ingest_files "
        "where loaded_at >= ? order by loaded_at, file_name",
        [loaded_since],
    ).fetchall():
        if quarantined and not loaded:
            counted = f"{read:,} row" + ("" if read == 1 else "s")
            lines.append(f"{name}: every row was quarantined ({counted}): nothing of this file is in any mart; "
                         "costper status lists the reasons")  # fmt: skip
            continue
        for file_name, rows in con.execute(_money_rows_sql(), [sha]).fetchall():
            holds = "row holds" if rows == 1 else "rows hold"
            lines.append(f"{file_name}: {rows:,} quarantined {holds} billed money, in no mart until the file is "
                         "fixed and loaded again; costper status lists them")  # fmt: skip
    return lines
