"""`costper report`: the month's value report as one self-contained HTML file."""

from __future__ import annotations

from pathlib import Path

import click

from ingest import warehouse
from ingest.cli._group import cli, db_option
from ingest.report import write_report


@cli.command("report")
@click.option("--month", required=True, help="Month to report, YYYY-MM.")
@click.option("--out", required=True, type=click.Path(dir_okay=False, path_type=Path), help="HTML file to write.")
@click.option("--force", is_flag=True, help="Overwrite --out if it exists.")
@click.option("--currency", default=None, help="Billing currency to report (default: USD when billed, else the first).")
@db_option
def report_command(month: str, out: Path, force: bool, currency: str | None, db: Path | None) -> None:
    """Write the month's report: spend, outcomes and cost per outcome against last month, the spend-vs-outcomes
    quadrant, trends, where spend without outcomes sits, budgets, anomalies and routing savings. One static HTML
    file (charts as SVG, no script, no network): it opens from an e-mail attachment.

    Example: costper report --month 2026-10 --out exports/report_2026-10.html
    """
    with warehouse.connect(db, read_only=True, needs_marts=True) as con:
        write_report(con, month, out, force=force, currency=currency)
    click.echo(f"wrote the {month} report to {out}")
