"""Where the warehouse is and how costper opens it: --db, else COSTPER_DB, else warehouse/costper.duckdb."""

from __future__ import annotations

import os
import re
import sys
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

import duckdb

from ingest import lock, raw_tables
from ingest.readers import REGISTRY

PROJECT_DIR = Path(__file__).resolve().parent.parent
DEFAULT_DB = PROJECT_DIR / "warehouse" / "costper.duckdb"

MANIFEST_DDL = """
create schema if not exists raw;
create table if not exists raw._ingest_files (
    file_sha256 VARCHAR primary key,
    source VARCHAR not null,
    raw_table VARCHAR not null,
    file_name VARCHAR not null,
    file_path VARCHAR not null,
    rows_read BIGINT not null,
    rows_loaded BIGINT not null,
    rows_quarantined BIGINT not null,
    rows_superseded BIGINT not null,
    period_start TIMESTAMPTZ,
    period_end TIMESTAMPTZ,
    status VARCHAR not null,
    loaded_at TIMESTAMPTZ not null,
    seconds DOUBLE not null,
    ge_validated BOOLEAN not null
);
create table if not exists raw._quarantine (
    file_sha256 VARCHAR not null,
    file_name VARCHAR not null,
    source VARCHAR not null,
    raw_table VARCHAR not null,
    row_number BIGINT not null,
    reasons VARCHAR not null,
    record JSON,
    quarantined_at TIMESTAMPTZ not null
);
-- columns added after the first release, so a warehouse made by an older costper keeps working
alter table raw._ingest_files add column if not exists rows_stale BIGINT default 0;
-- money values rounded to their kept scale, and per column the exact residue sum(as given) - sum(kept)
alter table raw._ingest_files add column if not exists money_values_rounded BIGINT default 0;
alter table raw._ingest_files add column if not exists money_rounding_residue VARCHAR;
"""


class WarehouseMissing(Exception):
    """A read found no warehouse (or not what it needs in it). One line naming what to run, exit 2."""


WarehouseBusy = lock.WarehouseBusy

_DUCKDB_HOLDER = re.compile(r"Conflicting lock is held in (\S+) \(PID (\d+)\)")


def resolve_db(db: Path | str | None) -> Path:
    chosen = db or os.environ.get("COSTPER_DB") or DEFAULT_DB
    return Path(chosen).expanduser().resolve()


@contextmanager
def connect(
    db: Path | str | None = None,
    *,
    read_only: bool = False,
    wait: float = lock.DEFAULT_WAIT_SECONDS,
    needs_marts: bool = False,
) -> Iterator[duckdb.DuckDBPyConnection]:
    """Open the warehouse. UTC everywhere, so a charge's date never depends on the machine's time zone.

    For writing: under the writer lock (ingest/lock.py, waiting up to `wait` seconds), creating the file, the
    manifest tables and every source's raw table on first use. Read-only: never creates anything; a missing
    file (or, with needs_marts, a warehouse never built) is WarehouseMissing, and a writer holding the file is
    WarehouseBusy at once, naming it."""
    path = resolve_db(db)
    with ExitStack() as stack:
        if read_only:
            require(path)
            con = _open(path, read_only=True, wait=0)
            stack.callback(con.close)
            if needs_marts and not _has_schema(con, "marts"):
                raise WarehouseMissing(f"the warehouse {path} has no marts yet: run `costper build` first")
        else:
            stack.enter_context(lock.writer_lock(path, wait=wait))
            con = _open(path, read_only=False, wait=wait)
            stack.callback(con.close)
        con.execute("set TimeZone = 'UTC'")
        # ingest numbers a file's rows by the order DuckDB appends them in (raw_tables.number_rows)
        con.execute("set preserve_insertion_order = true")
        # DuckDB's own progress bar is the progress report for long loads, in a terminal only.
        con.execute(f"set enable_progress_bar = {str(sys.stdout.isatty()).lower()}")
        if not read_only:
            con.execute(MANIFEST_DDL)
            raw_tables.ensure_all(con, REGISTRY.values())
        yield con


def require(path: Path) -> None:
    """A read needs a warehouse that exists; it never makes one (a typo in --db would look like no data)."""
    if not path.is_file():
        what = "is a directory, not a warehouse file" if path.is_dir() else "does not exist"
        raise WarehouseMissing(f"no warehouse at {path} ({what}): run `costper ingest PATH...` or `costper demo` first")


def _open(path: Path, *, read_only: bool, wait: float) -> duckdb.DuckDBPyConnection:
    """duckdb.connect, waiting up to `wait` seconds while another process holds the file. Under the writer lock
    that is a reader or a program other than costper; a read waits for nobody."""
    if not read_only:
        path.parent.mkdir(parents=True, exist_ok=True)
    deadline, said = time.monotonic() + wait, False
    while True:
        try:
            return duckdb.connect(str(path), read_only=read_only)
        except duckdb.IOException as error:
            message = str(error)
            if "not a valid DuckDB database file" in message:
                raise WarehouseMissing(f"{path} is not a DuckDB file: pass --db a costper warehouse") from error
            found = _DUCKDB_HOLDER.search(message)
            if not found:
                raise
            holder = _holder_of(path, int(found.group(2)), Path(found.group(1)).name)
            if read_only:
                what = f"the warehouse {path} is busy: {holder.describe()}, writing it; run this again when it is done"
                raise WarehouseBusy(what) from error
            if time.monotonic() >= deadline:
                raise lock.busy(path, holder, wait) from error
            if not said:
                lock.say_waiting(holder, wait)
                said = True
            time.sleep(lock.POLL_SECONDS)


def _holder_of(path: Path, pid: int, program: str) -> lock.Holder:
    """DuckDB names only a PID; the writer lock's file says what that process runs, when it is costper's."""
    described = lock.read_holder(path)
    if described.pid == pid:
        return described
    return lock.Holder(pid, _costper_command(pid) or program)


def _costper_command(pid: int) -> str | None:
    """`costper query` for a costper read (it takes no writer lock, and DuckDB names its program python3.11), from
    the process's command line where the system shows it (Linux /proc); None for any other program."""
    try:
        argv = [arg.decode(errors="replace") for arg in Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")]
    except OSError:
        return None
    at = next((i for i, arg in enumerate(argv[:2]) if Path(arg).name == "costper"), None)
    if at is None:
        return None
    following = argv[at + 1 : at + 2]
    return " ".join(["costper", *(arg for arg in following if arg and not arg.startswith("-"))])


def _has_schema(con: duckdb.DuckDBPyConnection, schema: str) -> bool:
    found = con.execute("select count(*) from information_schema.schemata where schema_name = ?", [schema])
    return bool(found.fetchall()[0][0])


def has_loaded_files(db: Path | str | None = None) -> bool:
    """Whether any file was ever loaded; reads only, and creates no warehouse where there is none."""
    path = resolve_db(db)
    if not path.exists():
        return False
    with connect(path, read_only=True) as con:
        try:
            return bool(con.execute("select exists (select 1 from raw._ingest_files)").fetchall()[0][0])
        except duckdb.CatalogException:  # a DuckDB file costper never wrote to
            return False


# What the disk or the file system refused, in the words of the OS (DuckDB passes them on in its message).
_WRITE_FAILURES = re.compile(r"No space left on device|Read-only file system|Permission denied|File too large|"
                             r"Disk quota exceeded")  # fmt: skip
_FILE_IN_MESSAGE = re.compile(r'(?:file|directory) "([^"]+)"')


def write_failure(error: BaseException) -> str | None:
    """`cannot write FILE: REASON` when the error (or one it happened while handling: DuckDB's failed rollback
    after a failed commit) is the disk full or a file not writable; None for anything else."""
    seen: set[int] = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if isinstance(current, OSError) and current.strerror and _WRITE_FAILURES.search(current.strerror):
            return f"cannot write {current.filename or 'the warehouse'}: {current.strerror}"
        found = _WRITE_FAILURES.search(str(current))
        if found and isinstance(current, duckdb.Error):
            file = _FILE_IN_MESSAGE.search(str(current))
            return f"cannot write {file.group(1) if file else 'the warehouse'}: {found.group(0)}"
        current = current.__cause__ or current.__context__
    return None


def damaged(error: BaseException) -> str | None:
    """`FILE is damaged ...` when DuckDB found the file shorter than it wrote it (a partial copy, a backup cut
    short): a warehouse costper cannot use, not a bug in costper; None for anything else."""
    if isinstance(error, duckdb.IOException) and "Could not read enough bytes" in str(error):
        file = _FILE_IN_MESSAGE.search(str(error))
        return f"{file.group(1) if file else 'the warehouse'} is damaged (shorter than DuckDB wrote it): restore a copy"
    return None
