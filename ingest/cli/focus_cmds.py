"""`costper export focus`: the month's unified AI cost as a FOCUS 1.2 file for FinOps tools."""

from __future__ import annotations

from pathlib import Path

import click

from ingest import warehouse
from ingest.cli._group import db_option
from ingest.cli.export_cmds import export_group
from ingest.export.focus import FOCUS_VERSION, export_focus


@export_group.command("focus")
@click.option("--month", required=True, help="Charge month to export, YYYY-MM.")
@click.option("--out", required=True, type=click.Path(dir_okay=False, path_type=Path), help="File to write.")
@click.option("--format", "file_format", type=click.Choice(["csv", "parquet"]), default="csv", show_default=True)
@click.option("--force", is_flag=True, help="Overwrite --out if it exists.")
@db_option
def export_focus_command(month: str, out: Path, file_format: str, force: bool, db: Path | None) -> None:
    """Every AI cost line charged in the month as FOCUS 1.2 Cost and Usage rows, with costper's team, cost
    centre and outcome attribution as Tags and x_ columns; BilledCost sums to the month's bill.

    Example: costper export focus --month 2026-10 --out exports/focus_2026-10.csv
    """
    with warehouse.connect(db, read_only=True, needs_marts=True) as con:
        rows, totals = export_focus(con, month, out, file_format=file_format, force=force)  # type: ignore[arg-type]
    click.echo(f"wrote {rows} rows of FOCUS {FOCUS_VERSION} to {out}")
    for currency, billed in totals.items():
        click.echo(f"{month} {currency} BilledCost: {billed}")
