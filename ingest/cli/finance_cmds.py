"""`costper export finance`: the month's chargeback for finance, in cents that tie to the invoices."""

from __future__ import annotations

from pathlib import Path

import click

from ingest import warehouse
from ingest.cli._group import db_option
from ingest.cli.export_cmds import export_group
from ingest.export.finance import export_finance


@export_group.command("finance")
@click.option("--month", required=True, help="Charge month to export, YYYY-MM.")
@click.option("--out", required=True, type=click.Path(dir_okay=False, path_type=Path), help="File to write.")
@click.option("--format", "file_format", type=click.Choice(["csv", "parquet"]), default="csv", show_default=True)
@click.option("--force", is_flag=True, help="Overwrite --out if it exists.")
@db_option
def export_finance_command(month: str, out: Path, file_format: str, force: bool, db: Path | None) -> None:
    """Chargeback by charge month, cost centre, team and provider, in cents that sum to each invoice.

    Prints one total per provider (and whether it ties to the invoice loaded for the month) and per currency.

    Example: costper export finance --month 2026-10 --out exports/finance_2026-10.csv
    """
    with warehouse.connect(db, read_only=True, needs_marts=True) as con:
        rows, totals = export_finance(con, month, out, file_format=file_format, force=force)  # type: ignore[arg-type]
    click.echo(f"wrote {rows} rows to {out}")
    for total in totals:
        click.echo(total.line(month))
    for currency in sorted({t.currency for t in totals}):
        click.echo(f"{month} {currency} total: {sum(t.billed_cost for t in totals if t.currency == currency)}")
