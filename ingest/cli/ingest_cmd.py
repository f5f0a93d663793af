"""`costper ingest`: load files, one transaction each."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ingest import load, lock, quarantined_money, warehouse
from ingest.cli._group import cli, db_option, wait_option
from ingest.errors import EXIT_INPUT_ERROR, EXIT_MONEY_QUARANTINED, EXIT_OK, InputError
from ingest.inputs import expand, natural_order
from ingest.readers import REGISTRY


def ingest_files(
    db: Path | None,
    files: list[Path],
    source: str | None = None,
    *,
    per_file: bool = True,
    expectations: bool = False,
    wait: float = lock.DEFAULT_WAIT_SECONDS,
) -> int:
    """Load each file in its own transaction; report one line per file (or one in all). Exit code: 2 if a file
    was refused or the warehouse could not be written (the files after it are not attempted), else 3 if billed
    money went to quarantine, else 0 (README "Exit codes")."""
    failed, results = 0, []
    with warehouse.connect(db, wait=wait) as con:
        started = con.execute("select now()").fetchall()[0][0]  # this run's files are those loaded since
        for index, path in enumerate(files):
            try:
                results.append(load.load_file(con, path, source=source, expectations=expectations))
            except InputError as error:
                failed += 1
                click.echo(f"error: {error}", err=True)
                continue
            except Exception as error:
                if (reason := warehouse.write_failure(error)) is None:
                    raise
                click.echo(f"error: {path.name}: not loaded, {reason}; {len(results)} files before it are kept, "
                           f"{len(files) - index - 1} after it not attempted: fix that and run the same command "
                           "again (loaded files are skipped)", err=True)  # fmt: skip
                return EXIT_INPUT_ERROR
            if per_file:
                click.echo(results[-1].summary_line())
        new = [r for r in results if r.status == "loaded"]
        money_warnings = quarantined_money.warnings(con, started)
    if not per_file:
        rows, bad = sum(r.rows_loaded for r in new), sum(r.rows_quarantined for r in new)
        click.echo(f"ingested {len(new)} new files ({rows:,} rows loaded, {bad:,} quarantined); "
                   f"{len(results) - len(new)} already loaded")  # fmt: skip
    for line in [*_export_gaps(results), *money_warnings]:
        click.echo(f"warning: {line}", err=True)
    if failed:
        return EXIT_INPUT_ERROR
    return EXIT_MONEY_QUARANTINED if money_warnings else EXIT_OK


def _export_gaps(results: list[load.LoadResult]) -> list[str]:
    """Files whose export says it goes on, unless a later file of the same source in this run may be the rest:
    later by name (page9, page10), as a shell's glob gives them in another order (page10, page9).
    Said after all files, as a warning: what loaded is right as far as it goes, so the exit code is unchanged."""
    gaps = []
    for result in results:
        later = [r for r in results if r.source == result.source and natural_order(r.file) > natural_order(result.file)]
        if result.warnings and not later:
            gaps += [f"{result.file.name}: {warning}" for warning in result.warnings]
    return gaps


@cli.command("ingest")
# exists=False: a missing file or a dangling symlink is named in one line by the load, not by click's usage text
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=False, path_type=Path))
@click.option("--source", type=click.Choice(sorted(REGISTRY)), help="Skip format detection and read as this source.")
@click.option(
    "--expectations",
    is_flag=True,
    envvar="COSTPER_EXPECTATIONS",
    help="Also check each file's loaded rows with its source's Great Expectations suite (a sample of a big file).",
)
@db_option
@wait_option
def ingest_command(
    paths: tuple[Path, ...], source: str | None, expectations: bool, db: Path | None, wait: float
) -> None:
    """Load billing and outcome files (a directory loads every file under it that may be an input).

    Example: costper ingest inbox/anthropic/*.json people.csv
    """
    inputs = expand(paths, db)
    if inputs.skipped:
        click.echo(inputs.skipped_line())
    if not inputs.files:  # an empty inbox is no error for a scheduler, but it is said
        click.echo(f"nothing to load: no input files in {', '.join(str(p) for p in paths)}")
        return
    sys.exit(ingest_files(db, inputs.files, source, expectations=expectations, wait=wait))
