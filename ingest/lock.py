"""One writer at a time: a lock file beside the warehouse (`<db>.lock`, an flock) that says who holds it.

DuckDB locks the file too, but only while a connection is open, and it tells a waiting process nothing but a
PID. costper's writers (ingest, build, run, demo, export-raw) take this lock first, for the whole command, so a
second writer can wait for the first with a message naming it, and a build can work on a copy of the file
(ingest/build_swap.py) while no other writer touches the original. The kernel drops an flock when its
process dies, even by kill -9, so a stale lock file never blocks anyone; its text is only a description.
"""

from __future__ import annotations

import fcntl
import json
import os
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import click

from ingest.errors import InputError

DEFAULT_WAIT_SECONDS = 60.0  # README "Concurrency"; --wait or COSTPER_WAIT to change it
POLL_SECONDS = 0.2

# This process's held locks, by lock path, so a command that opens the warehouse again (build's copy, demo's
# ingest then build) does not wait for itself: an flock is per open file, not per process.
_held: dict[Path, int] = {}


class WarehouseBusy(Exception):
    """Another process holds the warehouse. One line, exit 4 (EXIT_BUSY)."""


@dataclass(frozen=True)
class Holder:
    pid: int | None
    command: str
    since: str | None = None

    def describe(self) -> str:
        if self.pid is None:
            return "held by another costper process"
        return f"held by PID {self.pid} ({self.command})" + (f" since {self.since}" if self.since else "")


def lock_path(db: Path) -> Path:
    return db.with_name(db.name + ".lock")


def read_holder(db: Path) -> Holder:
    """Who holds the lock, as the holder wrote it (empty for the instant between its flock and its write)."""
    try:
        found = json.loads(lock_path(db).read_text() or "{}")
    except (OSError, ValueError):
        found = {}
    return Holder(found.get("pid"), found.get("command", "costper"), found.get("since"))


def command_line() -> str:
    """What the holder is running, as a person would type it: `costper build`."""
    ctx = click.get_current_context(silent=True)
    if ctx is None:
        return " ".join(["costper", *sys.argv[1:2]])
    return " ".join(["costper", *ctx.command_path.split()[1:]])


@contextmanager
def writer_lock(db: Path, *, wait: float = DEFAULT_WAIT_SECONDS) -> Iterator[None]:
    """Hold the warehouse's writer lock, waiting up to `wait` seconds for another holder (0: fail at once)."""
    path = lock_path(db)
    if path in _held:
        _held[path] += 1
        try:
            yield
        finally:
            _held[path] -= 1
        return
    fd = _open_lock_file(db, path)
    try:
        _acquire(fd, db, wait)
        os.ftruncate(fd, 0)
        since = datetime.now(UTC).strftime("%Y-%m-%d %H:%M:%S UTC")
        os.write(fd, json.dumps({"pid": os.getpid(), "command": command_line(), "since": since}).encode())
        _held[path] = 1
        try:
            yield
        finally:
            del _held[path]
            os.ftruncate(fd, 0)  # the holder's description goes with it; the file stays, harmless
    finally:
        os.close(fd)  # closing the file releases the flock


def _open_lock_file(db: Path, path: Path) -> int:
    """The lock file's descriptor; a --db that cannot be a warehouse file is the user's path, one line, exit 2."""
    if db.is_dir():
        raise InputError("", f"cannot make the warehouse {db}: it is a folder; pass --db a file")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        return os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    except (FileExistsError, NotADirectoryError):
        folder = next(p for p in path.parents if p.exists())
        raise InputError("", f"cannot make the warehouse {db}: {folder} is not a folder") from None
    except FileNotFoundError as error:  # a folder that cannot be made, as in /proc
        raise InputError("", f"cannot make the warehouse {db}: {error.strerror}") from None


def _acquire(fd: int, db: Path, wait: float) -> None:
    if _try_flock(fd):
        return
    if wait > 0:
        say_waiting(read_holder(db), wait)
        deadline = time.monotonic() + wait
        while time.monotonic() < deadline:
            time.sleep(POLL_SECONDS)
            if _try_flock(fd):
                return
    raise busy(db, read_holder(db), wait)


def say_waiting(holder: Holder, wait: float) -> None:
    click.echo(f"waiting for the warehouse: {holder.describe()}; up to {wait:g} s (--wait)", err=True)


def busy(db: Path, holder: Holder, wait: float) -> WarehouseBusy:
    gave_up = f"gave up after {wait:g} s" if wait > 0 else "--wait 0"
    return WarehouseBusy(f"the warehouse {db} is busy: {holder.describe()} ({gave_up}; --wait SECONDS to wait longer)")


def _try_flock(fd: int) -> bool:
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True
