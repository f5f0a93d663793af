"""The money-scale policy: no row is lost for precision. A value with more decimals than its column keeps is
rounded once, half away from zero, from its exact text; the manifest records the exact residue, so the kept
values plus the residue tie to the file to the digit."""

from __future__ import annotations

import json
from decimal import ROUND_HALF_UP, Decimal, localcontext
from pathlib import Path

import duckdb
from conftest import FIXTURES, query, run_cli

from ingest import dbt

OPENAI_FLOATS = FIXTURES / "openai/costs_float_artefacts.json"
ANTHROPIC_LONG_CENTS = FIXTURES / "anthropic/cost_report_long_cents.json"


def amounts_as_written(path: Path, field: tuple[str, ...]) -> list[Decimal]:
    """Every record's money exactly as the file writes it (numbers and strings alike), in file order."""
    amounts = []
    for bucket in json.loads(path.read_text(), parse_float=Decimal)["data"]:
        for record in bucket["results"]:
            value = record
            for part in field:
                value = value[part]
            amounts.append(Decimal(value))
    return amounts


def rounded(value: Decimal, decimals: int) -> Decimal:
    with localcontext() as context:
        context.prec = 100
        return value.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)  # half away from zero


def manifest(db: Path) -> tuple[int, int, int, dict[str, str] | None]:
    ((loaded, quarantined, values_rounded, residue),) = query(
        db, "select rows_loaded, rows_quarantined, money_values_rounded, money_rounding_residue from raw._ingest_files"
    )
    return loaded, quarantined, values_rounded, json.loads(residue) if residue else None


def test_openai_json_number_float_artefacts_load_rounded_and_tie_to_the_file(tmp_path: Path) -> None:
    db = tmp_path / "w.duckdb"
    result = run_cli("ingest", OPENAI_FLOATS, "--db", db)
    assert result.exit_code == 0, result.output
    assert "9 rows loaded, 0 quarantined, 7 money values rounded to the kept scale" in result.output
    given = amounts_as_written(OPENAI_FLOATS, ("amount", "value"))
    raw = [v for (v,) in query(db, "select amount_value from raw.openai__costs order by _row_number")]
    assert raw == [rounded(v, 12) for v in given]
    assert raw[:6] == [Decimal("0.130804380000"), Decimal("1.100000000000"), Decimal("0.300000000000"),
                       Decimal("21.449888496358"), Decimal("0.000000000001"), Decimal("-1.000000000001")]  # fmt: skip
    assert manifest(db) == (9, 0, 7, {"amount_value": "0.00000000000001016"})
    assert sum(raw) + Decimal(manifest(db)[3]["amount_value"]) == sum(given)  # to the digit


def test_anthropic_cents_with_11_to_13_decimals_round_once_to_10_and_tie(tmp_path: Path) -> None:
    db = tmp_path / "w.duckdb"
    result = run_cli("ingest", ANTHROPIC_LONG_CENTS, "--db", db)
    assert result.exit_code == 0, result.output
    given = amounts_as_written(ANTHROPIC_LONG_CENTS, ("amount",))
    raw = [v for (v,) in query(db, "select amount from raw.anthropic__cost_report order by _row_number")]
    assert raw == [rounded(v, 10) for v in given]
    # rounding twice (to 12, then to 10) would have made 0.0000000000499 cents 0.000000000050, then 0.0000000001
    assert raw[1] == Decimal(0) and raw[2] == Decimal("0.0000000001")
    assert manifest(db) == (7, 0, 5, {"amount": "-0.00000000004"})
    assert sum(raw) + Decimal(manifest(db)[3]["amount"]) == sum(given)
    # and the dollars are exact at 12 decimals: cents kept to 10, times 0.01
    assert dbt.run("run", db, args=("--select", "stg_anthropic__cost_report", "--quiet")) == 0
    dollars = query(db, "select billed_cost from staging.stg_anthropic__cost_report order by _row_number")
    assert [d for (d,) in dollars] == [cents * Decimal("0.01") for cents in raw]


def test_nothing_rounded_records_zero_and_no_residue(tmp_path: Path) -> None:
    db = tmp_path / "w.duckdb"
    run_cli("ingest", FIXTURES / "openai/costs.json", "--db", db)
    assert manifest(db) == (2, 0, 0, None)


def test_quarantined_rows_do_not_count_in_the_residue(tmp_path: Path) -> None:
    path = tmp_path / "costs.json"  # the first line's currency unknown: quarantined, its rounding not counted
    path.write_text(OPENAI_FLOATS.read_text().replace('"currency":"usd"', '"currency":"credits"', 1))
    db = tmp_path / "w.duckdb"
    run_cli("ingest", path, "--db", db)
    loaded, quarantined, values_rounded, residue = manifest(db)
    assert (loaded, quarantined, values_rounded) == (8, 1, 6)
    assert residue == {"amount_value": "0.00000000000001014"}  # 0.00000000000001016 less row 1's


def test_status_shows_what_rounding_changed(tmp_path: Path) -> None:
    db = tmp_path / "w.duckdb"
    run_cli("ingest", OPENAI_FLOATS, FIXTURES / "openai/costs.json", "--db", db)
    out = run_cli("status", "--db", db).output
    assert "Money rounded to the kept scale: 7 values in 1 file" in out
    listed = [line.split("  ") for line in out.split("Money rounded")[1].splitlines()[3:]]
    assert [[cell.strip() for cell in line if cell.strip()] for line in listed] == [
        ["costs_float_artefacts.json", "openai_costs", "7", '{"amount_value": "0.00000000000001016"}']
    ]  # costs.json had nothing rounded: not listed


def test_a_warehouse_made_before_the_rounding_columns_still_loads(tmp_path: Path) -> None:
    from ingest.warehouse import MANIFEST_DDL

    db = tmp_path / "old.duckdb"
    with duckdb.connect(str(db)) as con:
        con.execute(MANIFEST_DDL.split("-- money values rounded")[0])
    assert run_cli("ingest", OPENAI_FLOATS, "--db", db).exit_code == 0
    assert manifest(db)[2:] == (7, {"amount_value": "0.00000000000001016"})
