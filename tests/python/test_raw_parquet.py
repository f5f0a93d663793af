"""`costper export-raw --parquet`: every raw table, every row and type, as Hive-partitioned Parquet by day."""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
from conftest import FIXTURES, BuiltDemo, run_cli


def test_every_raw_table_comes_back_from_its_parquet_unchanged(built_demo: BuiltDemo, tmp_path: Path) -> None:
    db, out = tmp_path / "copy.duckdb", tmp_path / "raw"
    shutil.copy(built_demo.db, db)  # export-raw opens the warehouse for writing; the session's demo stays as it is
    result = run_cli("export-raw", "--parquet", out, "--db", db)
    assert result.exit_code == 0, result.output
    assert "raw.anthropic__cost_report: 10,966 rows in 92 partitions" in result.output

    con = duckdb.connect(str(db), read_only=True)
    con.execute("set TimeZone = 'UTC'")
    raw = [t for (t,) in con.execute(
        "select table_name from information_schema.tables where table_schema = 'raw' order by 1"
    ).fetchall()]
    assert {p.name for p in out.iterdir()} == set(raw)
    for table in raw:
        files = f"{out / table}/**/*.parquet"
        columns = [c for (c,) in con.execute(
            "select column_name from information_schema.columns where table_schema = 'raw' and table_name = ?"
            " order by ordinal_position", [table]).fetchall()]  # fmt: skip
        quoted = ", ".join(f'"{c}"' for c in columns)
        read_back = f"select {quoted} from read_parquet('{files}', hive_partitioning = true)"
        for a, b in ((f"select * from raw.{table}", read_back), (read_back, f"select * from raw.{table}")):
            assert con.execute(f"select count(*) from ({a} except all {b})").fetchone()[0] == 0, table
        types = dict(con.execute(f"select column_name, column_type from (describe {read_back})").fetchall())
        wanted = dict(con.execute(
            "select column_name, data_type from information_schema.columns where table_schema = 'raw'"
            " and table_name = ?", [table]).fetchall())  # fmt: skip
        # money stays DECIMAL(38,12) and times stay UTC instants; JSON arrives as text, as Parquet has it
        assert {c: t for c, t in types.items() if wanted[c] != "JSON"} == {
            c: t for c, t in wanted.items() if t != "JSON"}, table  # fmt: skip

    # one partition per charge day; an empty table (nothing quarantined) is one empty file that still has columns
    days = {p.name for p in (out / "anthropic__cost_report").iterdir()}
    charge_days = con.execute("select count(distinct cast(bucket_starting_at as date)) from raw.anthropic__cost_report")
    assert len(days) == charge_days.fetchone()[0] and all(d.startswith("_partition_date=2026-") for d in days)
    assert [p.name for p in (out / "_quarantine").iterdir()] == ["data_0.parquet"]
    con.close()


def test_a_parquet_folder_that_cannot_be_made_is_one_line_exit_2(tmp_path: Path) -> None:
    db = tmp_path / "w.duckdb"
    assert run_cli("ingest", FIXTURES / "openai/costs.json", "--db", db).exit_code == 0
    (tmp_path / "a_file").write_text("")
    result = run_cli("export-raw", "--parquet", tmp_path / "a_file" / "raw", "--db", db)
    assert (result.exit_code, result.stderr) == (
        2,
        f"error: {tmp_path / 'a_file' / 'raw'}: cannot make the folder: Not a directory\n",
    )
