"""Commands that write files from the warehouse: export cost-per-outcome, export-raw."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import click

from ingest import raw_parquet, warehouse
from ingest.cli._group import cli, db_option, wait_option
from ingest.export.cost_per_outcome import export_cost_per_outcome
from ingest.export.pseudonymise import SALT_ENV, Pseudonymiser, load_salt


@cli.group("export")
def export_group() -> None:
    """Write CSV exports from the marts."""


pseudonymise_options = [
    click.option("--pseudonymise", is_flag=True,
                 help="For sharing outside the team: every value that names a person becomes a stable salted hash "
                      f"(salt from ${SALT_ENV} or --salt-file; the same salt, the same hashes)."),
    click.option("--salt-file", type=click.Path(dir_okay=False, path_type=Path),
                 help="File whose first line is the --pseudonymise salt (at least 16 characters, kept secret)."),
]  # fmt: skip


def with_pseudonymise(command: Callable) -> Callable:
    for option in reversed(pseudonymise_options):
        command = option(command)
    return command


def _pseudonymiser(pseudonymise: bool, salt_file: Path | None) -> Pseudonymiser | None:
    if salt_file is not None and not pseudonymise:
        raise click.UsageError("--salt-file goes with --pseudonymise")
    return Pseudonymiser(load_salt(salt_file)) if pseudonymise else None


@export_group.command("cost-per-outcome")
@click.option("--month", required=True, help="Month to export, YYYY-MM.")
@click.option("--out", required=True, type=click.Path(dir_okay=False, path_type=Path), help="CSV file to write.")
@click.option("--force", is_flag=True, help="Overwrite --out if it exists.")
@with_pseudonymise
@db_option
def export_cost_per_outcome_command(
    month: str, out: Path, force: bool, pseudonymise: bool, salt_file: Path | None, db: Path | None
) -> None:
    """Cost per outcome by team and outcome type for one month; cents sum to the month's total.

    Its columns name teams, never a person, so --pseudonymise (accepted, for scripts that pass it to every export)
    changes nothing in it.

    Example: costper export cost-per-outcome --month 2026-10 --out exports/cost_per_outcome_2026-10.csv
    """
    _pseudonymiser(pseudonymise, salt_file)
    with warehouse.connect(db, read_only=True, needs_marts=True) as con:
        rows = export_cost_per_outcome(con, month, out, force=force)
    click.echo(f"wrote {rows} rows to {out}" + (" (no column names a person)" if pseudonymise else ""))


@cli.command("export-raw")
@click.option("--parquet", "out_dir", required=True, type=click.Path(file_okay=False, path_type=Path),
              help="Directory to write: one Hive-partitioned Parquet directory per raw table.")  # fmt: skip
@with_pseudonymise
@db_option
@wait_option
def export_raw_command(out_dir: Path, pseudonymise: bool, salt_file: Path | None, db: Path | None, wait: float) -> None:
    """Write every raw table as Parquet partitioned by day, for Spark or another engine to build the marts from.

    With --pseudonymise, emails, logins, account ids, names and person ids are salted hashes (the same in every
    table, so the marts still build and join) and free-form JSON (_extra, quarantined records) is left out.

    Example: costper export-raw --parquet exports/raw
    """
    warehouse.require(warehouse.resolve_db(db))  # it writes Parquet, not a warehouse: it makes none
    pseudonymiser = _pseudonymiser(pseudonymise, salt_file)
    with warehouse.connect(db, wait=wait) as con:  # for writing: every source's raw table exists, empty or not
        for table in raw_parquet.export_raw_parquet(con, out_dir, pseudonymiser=pseudonymiser):
            click.echo(table.summary_line())
