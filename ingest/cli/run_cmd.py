"""`costper run`: the scheduled job, ingest the inbox, build, export the month (ingest/run.py)."""

from __future__ import annotations

import sys
from datetime import UTC, datetime
from pathlib import Path

import click

from ingest import run as job
from ingest import warehouse
from ingest.cli._group import cli, db_option, is_verbose, wait_option


@cli.command("run")
@click.option("--inbox", required=True, type=click.Path(file_okay=False, path_type=Path),
              help="Folder the exports arrive in; every file under it that is not loaded yet is ingested.")
@click.option("--outbox", required=True, type=click.Path(file_okay=False, path_type=Path),
              help="Folder to write the month's exports to (not inside --inbox).")
@click.option("--month", help="Month to export, YYYY-MM. Default: the last complete month before --as-of.")
@click.option("--as-of", type=click.DateTime(["%Y-%m-%d"]),
              help="Date the rules treat as today (YYYY-MM-DD). Default: today, UTC.")
@db_option
@wait_option
def run_command(inbox: Path, outbox: Path, month: str | None, as_of: datetime | None, db: Path | None,
                wait: float) -> None:
    """Ingest what is new in the inbox, build, and write the month's exports to the outbox; safe to run again.

    Exit 0 done, 2 a file refused (nothing built), 3 billed money in quarantine, 4 another run holds the warehouse.

    Example: costper run --inbox /srv/costper/inbox --outbox /srv/costper/outbox
    """  # fmt: skip
    today = (as_of or datetime.now(UTC)).date()
    path = warehouse.resolve_db(db)
    sys.exit(job.run(path, inbox, outbox, as_of=today, month=month, wait=wait, verbose=is_verbose()))
