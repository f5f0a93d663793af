"""Shared fixtures: real files, real DuckDB warehouses, a real `costper demo` (and so a real dbt build)."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pytest
from click.testing import CliRunner, Result

# `make test` runs the modules on two pytest-xdist workers: each worker's dbt runs (and the `costper` commands the
# tests start) get their own target/ (ingest/dbt.py), set before ingest.dbt is first imported.
if worker := os.environ.get("PYTEST_XDIST_WORKER"):
    os.environ.setdefault("COSTPER_TARGET_DIR", str(Path(__file__).resolve().parents[2] / "target" / "xdist" / worker))

from ingest.cli import cli

FIXTURES = Path(__file__).parent / "fixtures"
PROJECT_DIR = Path(__file__).resolve().parents[2]


@pytest.fixture
def fixture_path() -> Iterator:
    yield lambda relative: FIXTURES / relative


def run_cli(*args: str | Path) -> Result:
    return CliRunner().invoke(cli, [str(a) for a in args])


def table_counts(db: Path) -> dict[str, int]:
    """Row count of every table in the warehouse: the 'nothing changed' fingerprint."""
    with duckdb.connect(str(db), read_only=True) as con:
        tables = con.execute(
            "select table_schema || '.' || table_name from information_schema.tables where table_type = 'BASE TABLE'"
        ).fetchall()
        return {t: con.execute(f"select count(*) from {t}").fetchall()[0][0] for (t,) in tables}


def query(db: Path, sql: str, params: list | None = None) -> list[tuple]:
    with duckdb.connect(str(db), read_only=True) as con:
        con.execute("set TimeZone = 'UTC'")
        return con.execute(sql, params or []).fetchall()


@dataclass(frozen=True)
class BuiltDemo:
    db: Path
    data_dir: Path
    output: str


@pytest.fixture(scope="session")
def built_demo(tmp_path_factory: pytest.TempPathFactory) -> BuiltDemo:
    """`costper demo` once per session: generate files, ingest them, `dbt build` (every model, data test and
    unit test), headline. The slow part of the suite; everything else reads the warehouse it leaves."""
    root = tmp_path_factory.mktemp("demo")
    db, data_dir = root / "demo.duckdb", root / "demo-data"
    costper = Path(sys.executable).with_name("costper")
    done = subprocess.run(
        [str(costper), "demo", "--db", str(db), "--data-dir", str(data_dir), "--exports-dir", str(root / "exports")],
        capture_output=True, text=True, cwd=PROJECT_DIR, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout[-5000:] + done.stderr[-5000:]
    return BuiltDemo(db, data_dir, done.stdout)


@pytest.fixture(scope="session")
def demo_export(built_demo: BuiltDemo) -> Path:
    return built_demo.db.parent / "exports" / "cost_per_outcome_2026-10.csv"
