"""A build is all or nothing for readers: dbt builds a copy of the warehouse, which replaces it only when done.

dbt writes one model after another, each in its own transaction, so a build killed halfway (or one whose test
fails and skips what follows) would leave marts of two versions side by side. Instead, under the writer lock:

1. a stale `<db>.building/` (a build killed before) is removed; a `<db>.wal` (a writer killed before its
   checkpoint) is checkpointed into the file, so the file alone is the whole warehouse;
2. the file is copied to `<db>.building/<db name>` (the same name, so DuckDB's catalog name is the same and
   dbt's relation names do not change) while a read-only connection keeps other writers out;
3. dbt builds the copy (every raw table ensured first, as for any writer); the incremental state
   (schema costper_state) is in the copy too, so it moves with the marts it describes;
4. only if dbt succeeded (warnings allowed): the copy is checkpointed, closed, fsynced and renamed over the
   warehouse (rename is atomic), then the directory is fsynced.

A kill at any point before the rename leaves the old file as it was; after it, the new one. Readers never wait
for a build: one that opened the old file keeps reading it (its inode) until it closes. The copy costs disk
(the file's size again, while building) and time (0.05-0.07 s for the demo's 54 MB, growing with the size;
README "Concurrency").
"""

from __future__ import annotations

import errno
import os
import shutil
from pathlib import Path

import duckdb

from ingest import dbt, lock, warehouse
from ingest.errors import EXIT_MONEY_QUARANTINED, EXIT_OK

# A build that succeeded, with or without a warn-level money test (those marts are right about what was loaded);
# a failed model or error-level test publishes nothing.
PUBLISHED = (EXIT_OK, EXIT_MONEY_QUARANTINED)


def building_dir(db: Path) -> Path:
    return db.with_name(db.name + ".building")


def build(
    db: Path,
    *,
    as_of: str,
    args: tuple[str, ...] = (),
    wait: float = lock.DEFAULT_WAIT_SECONDS,
    verbose: bool = False,
) -> int:
    """`dbt build` on a copy of the warehouse, published over it if dbt succeeds; returns dbt's exit code."""
    building = building_dir(db)
    with lock.writer_lock(db, wait=wait):
        if not os.access(db, os.W_OK):  # the rename would replace a file its owner made read-only
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(db))
        shutil.rmtree(building, ignore_errors=True)  # what a killed build left: never published, never read
        try:
            copy = _copy(db, building, wait)
            code = dbt.run("build", copy, as_of=as_of, args=args, verbose=verbose)
            if code in PUBLISHED:
                _publish(copy, db)
            return code
        finally:
            shutil.rmtree(building, ignore_errors=True)


def _copy(db: Path, building: Path, wait: float) -> Path:
    if wal_path(db).exists():
        with warehouse.connect(db, wait=wait) as con:
            con.execute("checkpoint")
    building.mkdir()
    copy = building / db.name
    with warehouse.connect(db, read_only=True):  # a shared lock: no other program writes while we copy
        try:
            shutil.copyfile(db, copy)
        except OSError as error:
            if error.errno != errno.ENOSPC:
                raise
            needs = f"{error.strerror} (a build needs the warehouse's size free beside it: {db.stat().st_size:,} bytes)"
            raise OSError(error.errno, needs, str(copy)) from error
    with warehouse.connect(copy):
        pass  # a warehouse made by an older costper gets every registered raw table before dbt reads them all
    return copy


def _publish(copy: Path, db: Path) -> None:
    with duckdb.connect(str(copy)) as con:
        con.execute("checkpoint")  # everything in the file, so no WAL is left behind for the old name
    if wal_path(copy).exists():
        raise RuntimeError(f"{wal_path(copy)} is still there after a checkpoint; the build was not published")
    _fsync(copy)
    os.replace(copy, db)
    _fsync(db.parent)


def wal_path(db: Path) -> Path:
    return db.with_name(db.name + ".wal")


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
