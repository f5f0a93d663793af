"""`costper build`: dbt build on the warehouse."""

from __future__ import annotations

import sys
from datetime import UTC, datetime
from pathlib import Path

import click

from ingest import dbt, warehouse
from ingest.cli._group import cli, db_option


@cli.command("build", context_settings={"ignore_unknown_options": True})
@click.option("--as-of", help="Date the rules treat as today (YYYY-MM-DD). Default: today, UTC.")
@click.option("--verbose", is_flag=True, help="Show dbt's own log live (it is always written to target/dbt.log).")
@click.argument("dbt_args", nargs=-1, type=click.UNPROCESSED)
@db_option
def build_command(as_of: str | None, verbose: bool, dbt_args: tuple[str, ...], db: Path | None) -> None:
    """Run `dbt build` (models, seeds, tests) on the warehouse. Other arguments go to dbt.

    Example: costper build --select marts
    """
    path = warehouse.resolve_db(db)
    if not warehouse.has_loaded_files(path):
        click.echo(f"nothing is loaded yet in {path}: run costper ingest first")
        return  # not an error: a scheduled build before the first export has nothing to do
    with warehouse.connect(path):
        pass  # a warehouse made by an older costper gets every registered raw table before dbt reads them all
    as_of = as_of or datetime.now(UTC).date().isoformat()
    sys.exit(dbt.run("build", path, as_of=as_of, args=dbt_args, verbose=verbose))
