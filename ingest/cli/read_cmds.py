"""Commands that only read: status, formats, query."""

from __future__ import annotations

from pathlib import Path

import click

from ingest import query_output, warehouse
from ingest.cli._group import cli, db_option
from ingest.readers import REGISTRY
from ingest.status import format_table, status_report


@cli.command("status")
@click.option("--quarantine", default=10, show_default=True, help="How many quarantined rows to list.")
@db_option
def status_command(quarantine: int, db: Path | None) -> None:
    """Files loaded per source, rows, periods covered, quarantined rows; the last build (time, as_of, warnings),
    the latest month's unattributed spend, budgets at warning or over, spend anomalies of the last 7 days.

    Example: costper status --quarantine 50
    """
    with warehouse.connect(db, read_only=True) as con:
        click.echo(status_report(con, quarantine))


@cli.command("formats")
@click.argument("name", required=False, type=click.Choice(sorted(REGISTRY)))
@click.option("--expectations", is_flag=True, help="Print the source's Great Expectations suite as JSON.")
def formats_command(name: str | None, expectations: bool) -> None:
    """The source formats costper reads; with NAME, its raw table, columns, key and contract rules.

    Example: costper formats anthropic_cost --expectations
    """
    if name is None:
        rows = [(s.name, f"raw.{s.raw_table}", s.description) for s in REGISTRY.values()]
        click.echo(format_table(["source", "raw table", "reads"], rows))
        return
    spec = REGISTRY[name]
    if expectations:
        from ingest.validate import suite_json

        click.echo(suite_json(spec))
        return
    click.echo(f"{spec.name}: {spec.description}\nraw table: raw.{spec.raw_table}; natural key: "
               f"{', '.join(spec.natural_key)}; a newer file supersedes by {spec.supersede}")  # fmt: skip
    rows = [
        (c.name, c.type, f"(page) {c.source_path}" if c.ctx else c.source_path, "required" if c.required else "",
         ", ".join(flag for flag, on in (("not null", c.not_null), (">= 0", c.non_negative),
                                          (f"kept to {c.decimals} decimals", c.is_decimal)) if on))
        for c in spec.columns
    ]  # fmt: skip
    click.echo(format_table(["column", "type", "from", "field", "value"], rows))
    for rule in spec.rules:
        click.echo(f"rule: {rule.name}: {rule.sql}")


@cli.command("query")
@click.argument("sql")
@click.option(
    "--csv", "fmt", flag_value="csv", help="Print CSV (a header row; exact decimals; NULL as an empty field)."
)
@click.option("--json", "fmt", flag_value="json", help="Print a JSON array of objects (decimals as exact strings).")
@click.option(
    "--limit",
    default=query_output.DEFAULT_LIMIT,
    show_default=True,
    type=click.IntRange(min=0),
    help="Rows to print at most; 0 for all. When rows are cut, a note on stderr says how many there were.",
)
@db_option
def query_command(sql: str, fmt: str | None, limit: int, db: Path | None) -> None:
    """Run one read-only SQL query on the warehouse and print the result as a table (or --csv, --json).

    Example: costper query "select * from marts.mart_cost_per_outcome" --csv --limit 0 > cpo.csv
    """
    with warehouse.connect(db, read_only=True) as con:
        shown = query_output.run_query(con, sql, fmt or "table", limit)
    if shown and (note := shown.note()):
        click.echo(note, err=True)
