"""Run dbt on the bundled project with the bundled profile, against the chosen warehouse file.

dbt writes its full log to target/dbt.log (no colour codes) and its events to us as JSON; we print a line per layer
and a summary (ingest.dbt_progress), or every event's text with `verbose`, and return an exit code a scheduler can
use: 0 ok, 3 a warn-level test tagged `money` fired, 1 dbt failed, 4 another process holds the warehouse.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import time
from datetime import UTC, date, datetime
from pathlib import Path

import click
import yaml

from ingest import last_build
from ingest.dbt_progress import Finished, Progress
from ingest.errors import (
    EXIT_BUSY,
    EXIT_INPUT_ERROR,
    EXIT_INTERNAL_ERROR,
    EXIT_MONEY_QUARANTINED,
    EXIT_OK,
    InputError,
)
from ingest.warehouse import PROJECT_DIR

# COSTPER_TARGET_DIR: dbt's target/ (manifest, run results, compiled SQL, log) for this process, so that two builds
# of two warehouses from one project at once (a scheduler's, a test worker's) do not overwrite each other's files.
TARGET_DIR = Path(os.environ.get("COSTPER_TARGET_DIR") or PROJECT_DIR / "target").resolve()
LOG_FILE = TARGET_DIR / "dbt.log"
FAILED = ("error", "fail")
LOCK_HOLDER = re.compile(r"Conflicting lock is held in (?P<program>\S+) \(PID (?P<pid>\d+)\)")
DBT_USAGE_ERROR = 2  # click's code: dbt refused its arguments before doing anything


def dbt_executable() -> str:
    beside_python = Path(sys.executable).with_name("dbt")
    if beside_python.exists():
        return str(beside_python)
    found = shutil.which("dbt")
    if not found:
        raise FileNotFoundError("dbt is not installed in this environment (pip install -e .)")
    return found


def _with_vars(args: tuple[str, ...], ours: dict[str, str]) -> tuple[str, ...]:
    """One --vars for dbt: dbt keeps only the last one given, so a user's `--vars '{x: 1}'` would otherwise drop
    costper's as_of. The user's own keys win (an explicit as_of in --vars beats --as-of)."""
    rest, theirs = [], {}
    items = iter(args)
    for arg in items:
        if arg == "--vars" or arg.startswith("--vars="):
            text = arg.partition("=")[2] if "=" in arg else next(items, "")
            try:
                loaded = yaml.safe_load(text) if text.strip() else {}
            except yaml.YAMLError:
                loaded = None
            except ValueError as error:  # YAML reads 2026-13-45 as a date, and the date is impossible
                raise InputError("", f"--vars {text}: {error}") from None
            if not isinstance(loaded, dict):
                raise InputError("", f"--vars must be a YAML mapping such as '{{key: value}}', not {text!r}")
            theirs.update(loaded)
        else:
            rest.append(arg)
    merged = {**ours, **theirs}
    return (*rest, "--vars", json.dumps(merged, default=str)) if merged else tuple(rest)


def run(command: str, db: Path, *, as_of: str | None = None, args: tuple[str, ...] = (), verbose: bool = False) -> int:
    """`dbt <command>` with COSTPER_DB pointing at `db`: progress and a summary on stdout (nothing but a failure with
    `--quiet` in args), dbt's own text too with `verbose`; returns 0, 1, 3 or 4 (module docstring)."""
    env = {**os.environ, "COSTPER_DB": str(db), "DBT_PROFILES_DIR": str(PROJECT_DIR)}
    given, started_at = args, datetime.now(UTC)
    argv = [dbt_executable(), command, "--project-dir", str(PROJECT_DIR), "--profiles-dir", str(PROJECT_DIR),
            "--log-format", "json", "--no-use-colors", "--log-path", str(TARGET_DIR), "--target-path", str(TARGET_DIR),
            "--log-format-file", "debug", "--no-use-colors-file"]  # fmt: skip
    args = _with_vars(args, {"as_of": as_of} if as_of else {})
    quiet = "--quiet" in args or "-q" in args
    progress = Progress(TARGET_DIR, echo=(lambda _line: None) if quiet or verbose else click.echo)
    started = time.monotonic()
    plain: list[str] = []  # what dbt wrote outside its JSON log: a usage error, a traceback of its own
    with subprocess.Popen([*argv, *args], env=env, cwd=PROJECT_DIR, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                          text=True) as dbt:  # fmt: skip
        assert dbt.stdout is not None
        for line in dbt.stdout:
            event = _event(line)
            if event is not None:
                progress.handle(event)
            elif line.strip():
                plain.append(line.strip())
            if verbose:
                click.echo(event["info"].get("msg", "") if event else line.rstrip("\n"))
    progress.manifest = progress.load_manifest() or progress.manifest  # the warnings' tags and sentences
    if not quiet and not verbose:
        progress.finish()
    refused = [line.removeprefix("Error: ") for line in plain if line.startswith("Error: ")]
    if dbt.returncode == DBT_USAGE_ERROR and refused and not progress.results:
        click.echo(f"error: dbt {command} refused its arguments: {refused[-1]} (dbt {command} --help)", err=True)
        return EXIT_INPUT_ERROR
    code = _exit_code(dbt.returncode, progress)
    if code in (EXIT_OK, EXIT_MONEY_QUARANTINED):
        seconds = time.monotonic() - started
        if command == "build":  # in the file dbt built, before a build's copy is published (ingest/last_build.py)
            last_build.record(db, _build_record(progress, started_at, as_of, given, code, seconds))
        if not quiet:
            click.echo(summary(command, progress, seconds))
    else:
        click.echo(f"error: {failure_line(command, db, progress, plain)}", err=True)
    return code


def _event(line: str) -> dict | None:
    if not line.startswith("{"):
        return None
    try:
        event = json.loads(line)
    except ValueError:
        return None
    return event if isinstance(event, dict) and "info" in event else None


def _exit_code(returncode: int, progress: Progress) -> int:
    if returncode != 0:
        return EXIT_BUSY if any("Could not set lock" in e for e in progress.errors) else EXIT_INTERNAL_ERROR
    money = [r for r in progress.results if r.status == "warn" and progress.is_money(r)]
    return EXIT_MONEY_QUARANTINED if money else EXIT_OK


def _counts(progress: Progress) -> tuple[int, int, int, list[str]]:
    """Nodes built, tests passed, tests run, and one sentence per warning."""
    results = progress.results
    built = sum(r.layer != "tests" and r.status == "success" for r in results)
    tests = [r for r in results if r.layer == "tests"]
    passed = sum(r.status == "pass" for r in tests)
    warned = [r for r in tests if r.status == "warn"]
    notes = [f"warning{' (money)' if progress.is_money(r) else ''}: {progress.explain(r)}" for r in warned]
    return built, passed, len(tests), notes


def summary(command: str, progress: Progress, seconds: float) -> str:
    """Nodes built, tests passed, and one sentence per warning."""
    built, passed, tests, notes = _counts(progress)
    line = f"dbt {command}: {built} {'node' if built == 1 else 'nodes'} built"
    line += f", {passed} of {tests} tests passed" if tests else ""
    line += f", {len(notes)} {'warning' if len(notes) == 1 else 'warnings'}" if notes else ""
    line += f" in {seconds:.0f} s; full log: {LOG_FILE}"
    return "\n".join([line, *notes])


def _build_record(progress: Progress, started_at: datetime, as_of: str | None, args: tuple[str, ...], code: int,
                  seconds: float) -> last_build.Build:  # fmt: skip
    built, passed, tests, notes = _counts(progress)
    return last_build.Build(
        built_at=started_at, as_of=date.fromisoformat(as_of) if as_of else None, exit_code=code,
        dbt_args=" ".join(args), is_complete=last_build.is_complete(args), nodes_built=built, tests_passed=passed,
        tests_total=tests, warnings=notes, seconds=seconds,
    )  # fmt: skip


def failure_line(command: str, db: Path, progress: Progress, plain: list[str] | None = None) -> str:
    """One line: the failing nodes (and how many were skipped), else dbt's first error, and where the log is."""
    failed: list[Finished] = [r for r in progress.results if r.status in FAILED]
    skipped = sum(r.status == "skipped" for r in progress.results)
    holder = next((m for e in progress.errors if (m := LOCK_HOLDER.search(e))), None)
    if holder or any("Could not set lock" in e for e in progress.errors):
        who = f" (PID {holder['pid']}, {Path(holder['program']).name})" if holder else ""
        return f"{db} is open in another process{who}; dbt {command} did not start (full log: {LOG_FILE})"
    if failed:
        names = ", ".join(f"{r.name} ({r.status}{f', {r.failures} rows' if r.failures else ''})" for r in failed)
        detail = _detail(failed[0].name, progress.errors)
        tail = f"; {skipped} skipped" if skipped else ""
        return f"dbt {command} failed: {names}{detail}{tail}; full log: {LOG_FILE}"
    # no error event: the last line dbt wrote outside its log (an exception's own line ends its traceback)
    last = (plain or ["no message"])[-1]
    first = next((line.strip() for e in progress.errors for line in e.splitlines() if line.strip()), last)
    return f"dbt {command} failed: {first}; full log: {LOG_FILE}"


def _detail(name: str, errors: list[str]) -> str:
    """What dbt said went wrong in the first failing node (its error event's lines after the first)."""
    for error in errors:
        lines = [line.strip() for line in error.splitlines() if line.strip()]
        if len(lines) > 1 and name in lines[0]:
            # DuckDB's own context (LINE 121: the SQL, then a ^^^ marker) belongs in the log, not in the one line
            said = [line for line in lines[1:] if not line.startswith("LINE ") and set(line) != {"^"}]
            return ": " + "; ".join(said)
    return ""
