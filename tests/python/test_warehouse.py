"""Every source is optional: a warehouse holds every registered source's raw table (typed, empty when the
company does not have that source), and a build before anything is loaded says so instead of failing."""

from __future__ import annotations

from pathlib import Path

import duckdb
from conftest import FIXTURES, query, run_cli, table_counts

from ingest import warehouse
from ingest.raw_tables import table_columns
from ingest.readers import REGISTRY
from ingest.sql import quote_ident


def declared_types(spec) -> list[tuple[str, str]]:
    """The spec's columns as DuckDB spells their types in information_schema (TIMESTAMP WITH TIME ZONE, ...)."""
    with duckdb.connect() as con:
        con.execute(f"create table t ({', '.join(f'{quote_ident(n)} {t}' for n, t in table_columns(spec))})")
        return con.execute(
            "select column_name, data_type from information_schema.columns where table_name = 't' "
            "order by ordinal_position"
        ).fetchall()


def test_one_source_loaded_and_every_registered_raw_table_exists(tmp_path: Path) -> None:
    db = tmp_path / "w.duckdb"
    assert run_cli("ingest", FIXTURES / "anthropic/cost_report_two_days.json", "--db", db).exit_code == 0
    for spec in REGISTRY.values():
        columns = query(db, "select column_name, data_type from information_schema.columns "
                            "where table_schema = 'raw' and table_name = ? order by ordinal_position",
                        [spec.raw_table])  # fmt: skip
        assert columns == declared_types(spec), spec.name
    counts = table_counts(db)
    assert counts["raw.anthropic__cost_report"] == 6
    assert counts["raw.openai__costs"] == counts["raw.github__pull_requests"] == counts["raw.costper__people"] == 0


def test_a_column_a_newer_reader_knows_is_added_when_the_warehouse_is_opened(tmp_path: Path) -> None:
    db = tmp_path / "w.duckdb"
    run_cli("ingest", FIXTURES / "openai/costs.json", "--db", db)
    with duckdb.connect(str(db)) as con:  # as an older costper made it, before quantity_unit
        con.execute("alter table raw.openai__costs drop column quantity_unit")
    again = run_cli("ingest", FIXTURES / "openai/costs.json", "--db", db)  # any writer: here a file already loaded
    assert (again.exit_code, again.output) == (0, "costs.json: already loaded (openai_costs), nothing changed\n")
    assert query(db, "select quantity_unit from raw.openai__costs") == [(None,), (None,)]


def test_build_with_nothing_loaded_says_so_and_does_not_run_dbt(tmp_path: Path) -> None:
    db = tmp_path / "w.duckdb"
    with warehouse.connect(db):  # the warehouse exists, with no file loaded
        pass
    before = table_counts(db)
    result = run_cli("build", "--db", db)
    assert result.exit_code == 0
    assert result.output.splitlines() == [f"nothing is loaded yet in {db.resolve()}: run costper ingest first"]
    assert table_counts(db) == before  # dbt would have made seeds and marts
    assert query(db, "select schema_name from information_schema.schemata where schema_name = 'marts'") == []


def test_build_of_a_warehouse_that_does_not_exist_creates_none(tmp_path: Path) -> None:
    db = tmp_path / "none.duckdb"
    result = run_cli("build", "--db", db)
    assert (result.exit_code, result.output.strip()) == (0, f"nothing is loaded yet in {db}: run costper ingest first")
    assert not db.exists()


def test_build_creates_the_raw_tables_an_older_warehouse_lacks(tmp_path: Path) -> None:
    """A warehouse an older costper made holds only the raw tables of the sources it loaded: `costper build`
    adds the others (typed, empty) before dbt reads them, so the build does not stop on a missing table."""
    db = tmp_path / "old.duckdb"
    assert run_cli("ingest", FIXTURES / "openai/costs.json", "--db", db).exit_code == 0
    with duckdb.connect(str(db)) as con:
        con.execute("drop table raw.anthropic__cost_report")
    result = run_cli("build", "--db", db, "--as-of", "2026-11-01", "--quiet")
    assert result.exit_code == 0, result.output
    assert query(db, "select count(*) from marts.fct_ai_cost where x_source = 'openai_costs'")[0][0] > 0
