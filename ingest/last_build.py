"""Each `costper build`, recorded in the warehouse it built (costper_state.builds): `costper status` shows the last
one, and `costper run` skips a build whose marts are already current.

dbt's own record (target/run_results.json) is the project's, shared by every warehouse the project builds and
rewritten by any later dbt command, so it cannot say what one warehouse's marts are. The row is written into the
file dbt built before it is published (the build's copy, ingest/build_swap.py), so it arrives with the marts it
describes, and a failed build, which publishes nothing, records nothing.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

import duckdb

from ingest.warehouse import PROJECT_DIR

BUILDS_DDL = """
create schema if not exists costper_state;
create table if not exists costper_state.builds (
    built_at TIMESTAMPTZ not null,
    as_of DATE,                        -- null: dbt_project.yml's default (a build not run by costper's --as-of)
    exit_code INTEGER not null,        -- 0, or 3 when a warn-level money test fired
    dbt_args VARCHAR not null,         -- what the user passed on to dbt, '' for a plain build
    is_complete BOOLEAN not null,      -- no selection and no --vars: every node was built with the project's vars
    nodes_built INTEGER not null,
    tests_passed INTEGER not null,
    tests_total INTEGER not null,
    warnings VARCHAR[] not null,       -- one sentence per warning, as `costper build` printed it
    seconds DOUBLE not null,
    files_loaded BIGINT not null,      -- raw._ingest_files rows the build read
    last_loaded_at TIMESTAMPTZ,        -- the latest of them
    project_fingerprint VARCHAR not null
)
"""

# dbt arguments after which a build may not have made every mart, or made them with other vars
_PARTIAL = ("-s", "--select", "-m", "--models", "--exclude", "--selector", "--resource-type", "--resource-types",
            "--vars", "--empty")  # fmt: skip
# What the marts are made from besides the raw tables: the dbt project's own files
_PROJECT_PARTS = ("dbt_project.yml", "models", "macros", "seeds", "tests/dbt")


@dataclass(frozen=True)
class Build:
    built_at: datetime
    as_of: date | None
    exit_code: int
    dbt_args: str
    is_complete: bool
    nodes_built: int
    tests_passed: int
    tests_total: int
    warnings: list[str] = field(default_factory=list)
    seconds: float = 0.0
    files_loaded: int = 0
    last_loaded_at: datetime | None = None
    project_fingerprint: str = ""

    def line(self) -> str:
        """`2026-12-01 17:40 UTC (as_of 2026-11-01), exit 0: 191 of 192 tests passed, 1 warning, 25 s`"""
        as_of = self.as_of.isoformat() if self.as_of else "the project's default"
        tests = f"{self.tests_passed} of {self.tests_total} tests passed" if self.tests_total else "no tests"
        count = len(self.warnings)
        warned = f", {count} {'warning' if count == 1 else 'warnings'}" if count else ""
        scope = "" if self.is_complete else f", partial (dbt {self.dbt_args})"
        return (f"{self.built_at:%Y-%m-%d %H:%M} UTC (as_of {as_of}), exit {self.exit_code}: {tests}{warned}"
                f"{scope}, {self.seconds:.0f} s")  # fmt: skip


def is_complete(dbt_args: tuple[str, ...]) -> bool:
    return not any(arg.split("=")[0] in _PARTIAL for arg in dbt_args)


def project_fingerprint(project: Path = PROJECT_DIR) -> str:
    """sha256 over the dbt project's files (names and bytes): a changed model, macro, seed or var makes the marts
    of an older build out of date even when no new file was loaded."""
    digest = hashlib.sha256()
    for part in _PROJECT_PARTS:
        root = project / part
        files = [root] if root.is_file() else sorted(p for p in root.rglob("*") if p.is_file())
        for file in files:
            if "__pycache__" not in file.parts:
                digest.update(str(file.relative_to(project)).encode() + b"\0" + file.read_bytes() + b"\0")
    return digest.hexdigest()


def loaded_files(con: duckdb.DuckDBPyConnection) -> tuple[int, datetime | None]:
    """How many files the manifest holds and when the latest was loaded: what a build would read."""
    try:
        count, latest = con.execute("select count(*), max(loaded_at) from raw._ingest_files").fetchall()[0]
    except duckdb.CatalogException:
        return 0, None
    return int(count), latest


def record(db: Path, build: Build) -> None:
    """Append the build's row; files_loaded, last_loaded_at and the fingerprint are taken here, from `db`."""
    with duckdb.connect(str(db)) as con:
        con.execute("set TimeZone = 'UTC'")
        con.execute(BUILDS_DDL)
        files, latest = loaded_files(con)
        con.execute(
            "insert into costper_state.builds values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [build.built_at, build.as_of, build.exit_code, build.dbt_args, build.is_complete, build.nodes_built,
             build.tests_passed, build.tests_total, build.warnings, build.seconds, files, latest,
             project_fingerprint()],
        )  # fmt: skip


def latest(con: duckdb.DuckDBPyConnection) -> Build | None:
    """The last recorded build, or None (never built by costper, or by a costper from before this record)."""
    try:
        row = con.execute("select * from costper_state.builds order by built_at desc limit 1").fetchall()
    except duckdb.CatalogException:
        return None
    return Build(*row[0]) if row else None


def is_current(con: duckdb.DuckDBPyConnection, as_of: date) -> Build | None:
    """The last build when a complete build now, for `as_of`, would make the same marts: it built everything with
    the project's vars for the same as_of, on the same files and the same dbt project. None otherwise."""
    build = latest(con)
    if build is None or not build.is_complete or build.as_of != as_of:
        return None
    if loaded_files(con) != (build.files_loaded, build.last_loaded_at):
        return None
    return build if build.project_fingerprint == project_fingerprint() else None
