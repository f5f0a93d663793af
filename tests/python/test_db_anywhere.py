"""`--db` before or after the command: `costper --db w.duckdb status` and `costper status --db w.duckdb` agree."""

from __future__ import annotations

from pathlib import Path

import click
import pytest
from conftest import FIXTURES, run_cli

from ingest import warehouse
from ingest.cli import cli


def commands_with_db(group: click.Group, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    found = []
    for name, command in group.commands.items():
        if isinstance(command, click.Group):
            found += commands_with_db(command, (*prefix, name))
        elif any(p.name == "db" for p in command.params):
            found.append((*prefix, name))
    return found


def test_every_command_with_db_takes_it_from_the_group_too() -> None:
    """The group's --db reaches a command only through the shared option's callback: no command may skip it."""
    for path in commands_with_db(cli):
        command = cli
        for name in path:
            command = command.commands[name]  # type: ignore[attr-defined]
        (db,) = [p for p in command.params if p.name == "db"]
        assert db.callback is not None and db.callback.__name__ == "_db_from_group", path


@pytest.fixture(scope="module")
def loaded(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("db") / "w.duckdb"
    assert run_cli("--db", db, "ingest", FIXTURES / "openai/costs.json").exit_code == 0
    return db


@pytest.mark.parametrize("before", [True, False])
def test_ingest_status_query_and_export_raw_read_the_same_warehouse(
    loaded: Path, tmp_path: Path, before: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COSTPER_DB", str(tmp_path / "not-this-one.duckdb"))

    def costper(*args: str | Path) -> str:
        command = ["--db", loaded, *args] if before else [*args, "--db", loaded]
        result = run_cli(*command)
        assert result.exit_code == 0, result.output
        return result.output

    assert "already loaded" in costper("ingest", FIXTURES / "openai/costs.json")
    assert costper("status").splitlines()[2].split()[:3] == ["openai_costs", "1", "2"]
    assert costper("query", "select count(*) as n from raw.openai__costs").splitlines()[2].strip() == "2"
    assert "raw.openai__costs: 2 rows in 1 partitions" in costper("export-raw", "--parquet", tmp_path / "raw")
    assert not (tmp_path / "not-this-one.duckdb").exists()


def test_the_db_nearer_the_command_wins_and_cosper_db_still_works(
    loaded: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    other = tmp_path / "other.duckdb"
    result = run_cli("--db", other, "query", "select count(*) from raw.openai__costs", "--db", loaded)
    assert result.exit_code == 0 and not other.exists()
    monkeypatch.setenv("COSTPER_DB", str(loaded))
    assert run_cli("query", "select count(*) as n from raw.openai__costs").output.splitlines()[2].strip() == "2"


@pytest.mark.parametrize("before", [True, False])
def test_build_and_export_name_the_warehouse_given(tmp_path: Path, before: bool) -> None:
    """build on a warehouse with nothing loaded says so, naming it; export reads the marts of the one given."""
    db = tmp_path / "empty.duckdb"
    with warehouse.connect(db):
        pass  # a warehouse with nothing loaded yet
    build = run_cli(*(["--db", db, "build"] if before else ["build", "--db", db]))
    assert build.exit_code == 0 and str(db) in build.output
    out = tmp_path / "x.csv"
    args = ["export", "cost-per-outcome", "--month", "2026-10", "--out", out]
    export = run_cli(*(["--db", db, *args] if before else [*args, "--db", db]))
    assert export.exit_code == 2 and not out.exists()
