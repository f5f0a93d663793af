"""`costper export-raw --parquet DIR`: every raw table as Hive-partitioned Parquet, for a distributed engine.

Spark, Trino, Athena, Snowflake and BigQuery read such a directory as an external table; the same dbt project then
builds on that engine (macros/portability/register_raw_parquet.sql registers them for Spark). Types stay what
ingest gave them: money DECIMAL(38,12) (Parquet's exact decimal, never a double), tokens BIGINT, times UTC
timestamps, lists, JSON as text. Each table is partitioned by `_partition_date`, the UTC day of the row's period
(charge or usage day, a PR's or issue's creation), else of its load, so an engine reads only the days a build needs.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

import duckdb

from ingest.errors import InputError
from ingest.export.pseudonymise import Pseudonymiser
from ingest.readers import REGISTRY
from ingest.sql import quote_ident, sql_literal

PARTITION_COLUMN = "_partition_date"

# The day a row belongs to: its period where the reader has one, else when it was loaded (the directory files).
# The manifest tables have their own load times; a delivery's is its first file's (delivered_at may be unknown).
_LOAD_TIME = {
    "_ingest_files": '"loaded_at"',
    "_quarantine": '"quarantined_at"',
    "_deliveries": "(select min(loaded_at) from raw._ingest_files as f where f.file_sha256 = _deliveries.file_sha256)",
}


@dataclass(frozen=True)
class ExportedTable:
    table: str
    rows: int
    partitions: int

    def summary_line(self) -> str:
        return f"raw.{self.table}: {self.rows:,} rows in {self.partitions:,} partitions"


def partition_day_sql(table: str) -> str:
    """SQL for the UTC day a row of raw.<table> is filed under (never null: a load time always exists)."""
    periods = [s.period_start for s in REGISTRY.values() if s.raw_table == table and s.period_start]
    times = [quote_ident(c) for c in dict.fromkeys(periods)] + [_LOAD_TIME.get(table, '"_loaded_at"')]
    return f"cast(timezone('UTC', coalesce({', '.join(times)})) as date)"


def export_raw_parquet(
    con: duckdb.DuckDBPyConnection, out_dir: Path, *, pseudonymiser: Pseudonymiser | None = None
) -> list[ExportedTable]:
    """Write out_dir/<table>/_partition_date=YYYY-MM-DD/*.parquet for every raw table, replacing earlier exports
    of the same tables. An empty table is one empty file with the partition column as a plain column, so the engine
    still learns its columns and types (a partitioned write of no rows writes nothing). With a pseudonymiser, people
    are hashed (ingest/export/pseudonymise.py)."""
    tables = [t for (t,) in con.execute(
        "select table_name from information_schema.tables where table_schema = 'raw' and table_type = 'BASE TABLE'"
        " order by table_name").fetchall()]  # fmt: skip
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as error:  # a file where a folder goes, a path under /proc: the user's path, not a bug
        raise InputError("", f"{out_dir}: cannot make the folder: {error.strerror}") from None
    exported = []
    for table in tables:
        target = out_dir / table
        if target.exists():
            shutil.rmtree(target)  # a partition that no longer has rows must not survive from an older export
        columns = pseudonymiser.select_list(con, "raw", table) if pseudonymiser else "*"
        rows_sql = f"select {columns}, {partition_day_sql(table)} as {PARTITION_COLUMN} from raw.{quote_ident(table)}"
        rows, days = con.execute(
            f"select count(*), count(distinct {PARTITION_COLUMN}) from ({rows_sql})").fetchall()[0]  # fmt: skip
        if rows:
            con.execute(f"copy ({rows_sql}) to {sql_literal(str(target))} "
                        f"(format parquet, partition_by ({PARTITION_COLUMN}))")  # fmt: skip
        else:
            target.mkdir()
            con.execute(f"copy ({rows_sql}) to {sql_literal(str(target / 'data_0.parquet'))} (format parquet)")
        exported.append(ExportedTable(table, rows, days))
    return exported
