"""`costper run`: the job a scheduler calls (README "Scheduled run"). Under one writer lock for the whole job:

1. ingest every file under the inbox (`costper ingest`'s path: a file already in the manifest is skipped);
2. build (`costper build`'s path: a copy, published only when dbt succeeds), unless the marts are current: the last
   recorded build was complete, for the same as_of, on the same loaded files and the same dbt project
   (ingest/last_build.py), so a second run on the same inbox builds nothing and changes nothing;
3. write the month's exports (EXPORTS) to the outbox: each is written to a temporary file first; one whose bytes
   equal the outbox's file is dropped (the file and its mtime stay), the others are renamed over theirs, only
   once every export was written, so an outbox never holds a month of two builds.

A refused file (exit 2) or a failed build stops the run there: nothing is built or exported from a half-read inbox,
and the files that did load are built by the next run (the manifest then differs from the last build's).
"""

from __future__ import annotations

import filecmp
import os
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import click
import duckdb

from ingest import build_swap, last_build, lock, warehouse
from ingest.cli.ingest_cmd import ingest_files
from ingest.errors import EXIT_OK, InputError
from ingest.export.cost_per_outcome import export_cost_per_outcome
from ingest.export.files import check_month
from ingest.export.finance import export_finance
from ingest.export.focus import export_focus
from ingest.inputs import expand


@dataclass(frozen=True)
class Export:
    name: str
    file_name: str  # in the outbox; {month} is YYYY-MM
    write: Callable[[duckdb.DuckDBPyConnection, str, Path], int]  # (con, month, out) -> rows written


# The month's exports `costper run` writes, in this order (README "Scheduled run"): one line per export.
EXPORTS = (
    Export("cost-per-outcome", "cost_per_outcome_{month}.csv",
           lambda con, month, out: export_cost_per_outcome(con, month, out, force=True)),
    Export("finance", "finance_{month}.csv", lambda con, month, out: export_finance(con, month, out, force=True)[0]),
    Export("focus", "focus_{month}.csv", lambda con, month, out: export_focus(con, month, out, force=True)[0]),
)  # fmt: skip

MONTH_HAS_CHARGES_SQL = """
select count(*) from marts.fct_ai_cost where x_charge_date >= cast(? as date) and x_charge_date < cast(? as date)
"""


@dataclass(frozen=True)
class Written:
    export: Export
    path: Path
    rows: int
    changed: bool


def default_month(as_of: date) -> str:
    """The last complete month before as_of: as_of 2026-11-01 or 2026-11-20 gives 2026-10."""
    year, month = (as_of.year, as_of.month - 1) if as_of.month > 1 else (as_of.year - 1, 12)
    return f"{year:04d}-{month:02d}"


def _month_bounds(month: str) -> tuple[str, str]:
    year, number = int(month[:4]), int(month[5:])
    following = f"{year + number // 12:04d}-{number % 12 + 1:02d}"
    return f"{month}-01", f"{following}-01"


def check_folders(inbox: Path, outbox: Path) -> None:
    """The inbox must exist; the outbox may not be inside it (the exports would be loaded as inputs next run)."""
    if not inbox.is_dir():
        raise InputError("", f"--inbox {inbox}: {'not a folder' if inbox.exists() else 'no such folder'}")
    if outbox.resolve().is_relative_to(inbox.resolve()):
        raise InputError("", f"--outbox {outbox} is inside --inbox {inbox}: its exports would be read as inputs")


def run(db: Path, inbox: Path, outbox: Path, *, as_of: date, month: str | None, wait: float, verbose: bool) -> int:
    """The whole job; returns its exit code (0, or 3: loaded or built with billed money missing)."""
    check_folders(inbox, outbox)
    if month is not None:
        check_month(month)
    with lock.writer_lock(db, wait=wait):
        before = _files_loaded(db)
        ingested = _ingest(db, inbox, wait)
        loaded = _files_loaded(db) - before
        if ingested not in build_swap.PUBLISHED:
            click.echo(f"run: stopped after the ingest (exit {ingested}): nothing built, no exports written")
            return ingested
        if not warehouse.has_loaded_files(db):
            click.echo(f"run: nothing is loaded yet in {db}: nothing to build or export")
            return EXIT_OK
        built, what = _build(db, as_of, wait, verbose)
        if built not in build_swap.PUBLISHED:
            click.echo(f"run: {loaded} files loaded; the build failed (exit {built}): no exports written")
            return built
        written = _export(db, outbox, month or default_month(as_of), defaulted=month is None)
    code = max(ingested, built)
    changed = sum(w.changed for w in written)
    exports = f"{changed} written, {len(written) - changed} unchanged in {outbox}" if written else "none"
    click.echo(f"run: {loaded} files loaded, build {what}, exports: {exports}; exit {code}")
    return code


def _files_loaded(db: Path) -> int:
    if not db.exists():
        return 0
    with warehouse.connect(db, read_only=True) as con:
        return last_build.loaded_files(con)[0]


def _ingest(db: Path, inbox: Path, wait: float) -> int:
    inputs = expand([inbox], db)
    if inputs.skipped:
        click.echo(inputs.skipped_line())
    if not inputs.files:
        click.echo(f"nothing to load: no input files in {inbox}")
        return EXIT_OK
    return ingest_files(db, inputs.files, per_file=False, wait=wait)


def _build(db: Path, as_of: date, wait: float, verbose: bool) -> tuple[int, str]:
    """Build unless the marts are current; returns the exit code (the last build's when skipped: a money warning
    it found is still true) and what happened, for the summary."""
    with warehouse.connect(db, read_only=True) as con:
        current = last_build.is_current(con, as_of)
    if current is not None:
        click.echo(f"build: skipped, the marts are current (nothing loaded since the last build): {current.line()}")
        return current.exit_code, "skipped (current)"
    code = build_swap.build(db, as_of=as_of.isoformat(), wait=wait, verbose=verbose)
    return code, "done" if code == EXIT_OK else f"done (exit {code})"


def _export(db: Path, outbox: Path, month: str, *, defaulted: bool) -> list[Written]:
    with warehouse.connect(db, read_only=True, needs_marts=True) as con:
        if not con.execute(MONTH_HAS_CHARGES_SQL, list(_month_bounds(month))).fetchall()[0][0]:
            if not defaulted:  # asked for by name: a typo or the wrong warehouse
                raise InputError("", f"--month {month}: nothing was charged in that month; no exports written")
            click.echo(f"exports: none, nothing was charged in {month} (the last complete month) yet")
            return []
        outbox.mkdir(parents=True, exist_ok=True)
        staged = [(export, outbox / export.file_name.format(month=month)) for export in EXPORTS]
        written = []
        try:
            for export, out in staged:
                rows = export.write(con, month, _staging(out))
                changed = not (out.is_file() and filecmp.cmp(_staging(out), out, shallow=False))
                written.append(Written(export, out, rows, changed))
            for item in written:  # every export was written: only now does the outbox change
                if item.changed:
                    os.replace(_staging(item.path), item.path)
        finally:
            for _, out in staged:
                _staging(out).unlink(missing_ok=True)
    for item in written:
        state = "written" if item.changed else "unchanged"
        click.echo(f"export {item.export.name} {month}: {item.path} ({item.rows} rows, {state})")
    return written


def _staging(out: Path) -> Path:
    """Where an export is written before it replaces `out`: hidden, beside it, so the rename stays on one disk."""
    return out.with_name(f".{out.name}.run")
