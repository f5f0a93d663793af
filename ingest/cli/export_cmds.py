"""Commands that write files from the warehouse: export cost-per-outcome, export-raw."""

from __future__ import annotations

from pathlib import Path

import click

from ingest import raw_parquet, warehouse
from ingest.cli._group import cli, db_option, wait_option
from ingest.export.cost_per_outcome import export_cost_per_outcome


@cli.group("export")
def export_group() -> None:
    """Write CSV exports from the marts."""


@export_group.command("cost-per-outcome")
@click.option("--month", required=True, help="Month to export, YYYY-MM.")
@click.option("--out", required=True, type=click.Path(dir_okay=False, path_type=Path), help="CSV file to write.")
@db_option
def export_cost_per_outcome_command(month: str, out: Path, db: Path | None) -> None:
    """Cost per outcome by team and outcome type for one month; cents sum to the month's total.

    Example: costper export cost-per-outcome --month 2026-10 --out exports/cost_per_outcome_2026-10.csv
    """
    with warehouse.connect(db, read_only=True, needs_marts=True) as con:
        rows = export_cost_per_outcome(con, month, out)
    click.echo(f"wrote {rows} rows to {out}")


@cli.command("export-raw")
@click.option("--parquet", "out_dir", required=True, type=click.Path(file_okay=False, path_type=Path),
              help="Directory to write: one Hive-partitioned Parquet directory per raw table.")  # fmt: skip
@db_option
@wait_option
def export_raw_command(out_dir: Path, db: Path | None, wait: float) -> None:
    """Write every raw table as Parquet partitioned by day, for Spark or another engine to build the marts from.

    Example: costper export-raw --parquet exports/raw
    """
    warehouse.require(warehouse.resolve_db(db))  # it writes Parquet, not a warehouse: it makes none
    with warehouse.connect(db, wait=wait) as con:  # for writing: every source's raw table exists, empty or not
        for table in raw_parquet.export_raw_parquet(con, out_dir):
            click.echo(table.summary_line())
