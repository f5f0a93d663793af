"""`costper build`: dbt build on a copy of the warehouse, published over it when done (ingest/build_swap.py)."""

from __future__ import annotations

import sys
from datetime import UTC, datetime
from pathlib import Path

import click

from ingest import build_swap, lock, warehouse
from ingest.cli._group import cli, db_option, is_verbose, wait_option


@cli.command("build", context_settings={"ignore_unknown_options": True})
@click.option(
    "--as-of",
    type=click.DateTime(["%Y-%m-%d"]),
    help="Date the rules treat as today (YYYY-MM-DD). Default: today, UTC.",
)
@click.option("--verbose", is_flag=True, help="Show dbt's own log live (it is always written to target/dbt.log).")
@click.argument("dbt_args", nargs=-1, type=click.UNPROCESSED)
@db_option
@wait_option
def build_command(
    as_of: datetime | None, verbose: bool, dbt_args: tuple[str, ...], db: Path | None, wait: float
) -> None:
    """Run `dbt build` (models, seeds, tests) on the warehouse, all or nothing. Other arguments go to dbt.

    Example: costper build --select marts
    """
    path = warehouse.resolve_db(db)
    nothing = f"nothing is loaded yet in {path}: run costper ingest first"
    if not path.exists():
        click.echo(nothing)  # not an error: a scheduled build before the first export has nothing to do
        return
    with lock.writer_lock(path, wait=wait):  # before looking: an ingest may be loading the first files
        if not warehouse.has_loaded_files(path):
            click.echo(nothing)
            return
        today = (as_of or datetime.now(UTC)).date().isoformat()
        code = build_swap.build(path, as_of=today, args=dbt_args, wait=wait, verbose=verbose or is_verbose())
    sys.exit(code)
