"""The CLI on real warehouses: status, query, formats, and errors as one line with exit code 2."""

from __future__ import annotations

import re
from pathlib import Path

from conftest import FIXTURES, run_cli

from ingest import warehouse


def test_status_reports_files_rows_periods_and_quarantine(tmp_path: Path) -> None:
    db = tmp_path / "w.duckdb"
    run_cli("ingest", FIXTURES / "anthropic/cost_report_bad_rows.json", FIXTURES / "openai/costs.json", "--db", db)
    out = run_cli("status", "--db", db).output
    lines = out.splitlines()
    assert lines[0].split() == ["source", "files", "rows_loaded", "rows_quarantined", "rows_superseded",
                                "first_day", "last_day", "last_loaded_utc"]  # fmt: skip
    assert lines[2].split()[:7] == ["anthropic_cost", "1", "1", "5", "0", "2026-03-05", "2026-03-06"]
    assert lines[3].split()[:7] == ["openai_costs", "1", "2", "0", "0", "2026-03-02", "2026-03-03"]
    assert "Quarantined rows: 5" in out
    assert "anthropic_cost  duplicate natural key" in out


def test_status_of_an_empty_warehouse_says_what_to_do(tmp_path: Path) -> None:
    db = tmp_path / "w.duckdb"
    with warehouse.connect(db):  # what any writer leaves before the first file loads
        pass
    result = run_cli("status", "--db", db)
    assert (result.exit_code, result.output) == (
        0,
        "No files loaded yet. Try: costper ingest PATH...  or  costper demo\n",
    )


def test_status_of_a_warehouse_that_does_not_exist_creates_none(tmp_path: Path) -> None:
    db = tmp_path / "typo.duckdb"
    result = run_cli("status", "--db", db)
    assert result.exit_code == 2
    assert (
        result.stderr
        == f"error: no warehouse at {db} (does not exist): run `costper ingest PATH...` or `costper demo` first\n"
    )
    assert not db.exists() and list(tmp_path.iterdir()) == []


def test_query_prints_a_table(tmp_path: Path) -> None:
    db = tmp_path / "w.duckdb"
    run_cli("ingest", FIXTURES / "openai/costs.json", "--db", db)
    out = run_cli("query", "select line_item, amount_value from raw.openai__costs order by 1", "--db", db).output
    assert out.splitlines() == [
        "line_item                            amount_value",
        "-----------------------------------  ------------",
        "gpt-5-mini-2025-08-07, cached input         0.645",
        "gpt-5-mini-2025-08-07, output               0.082",
    ]


def test_formats_lists_every_source_and_details_one() -> None:
    listing = run_cli("formats").output
    assert re.search(r"^anthropic_cost +raw\.anthropic__cost_report ", listing, re.M)
    detail = run_cli("formats", "anthropic_cost").output
    amount = "amount              DECIMAL(38,12)  amount               required  not null, kept to 10 decimals"
    assert amount in detail


def test_unknown_source_name_is_refused(tmp_path: Path) -> None:
    result = run_cli("ingest", FIXTURES / "openai/costs.json", "--source", "nope", "--db", tmp_path / "w.duckdb")
    assert result.exit_code == 2
    assert "Invalid value for '--source'" in result.output


def test_a_warehouse_held_by_another_process_is_one_line(tmp_path: Path) -> None:
    import subprocess
    import sys

    db = tmp_path / "w.duckdb"
    run_cli("ingest", FIXTURES / "openai/costs.json", "--db", db)
    holder = subprocess.Popen(
        [sys.executable, "-c", f"import duckdb, time; c = duckdb.connect({str(db)!r}); print('ready', flush=True); "
                               "time.sleep(30)"],
        stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "ready"
        result = run_cli("status", "--db", db)
        assert result.exit_code == 4  # EXIT_BUSY
        assert result.stderr == (
            f"error: the warehouse {db} is busy: held by PID {holder.pid} ({Path(sys.executable).resolve().name}), "
            "writing it; run this again when it is done\n"
        )
    finally:
        holder.kill()


def test_the_readmes_people_and_aliases_examples_load_as_written(tmp_path: Path) -> None:
    readme = (warehouse.PROJECT_DIR / "README.md").read_text()
    section = readme.split("## costper's own CSVs", 1)[1].split("\n## ", 1)[0]
    blocks = {block.split(",", 1)[0]: block.split("```", 1)[0] for block in section.split("```csv\n")[1:]}
    people, aliases = blocks["person_id"], blocks["kind"]  # by their headers: the section has more examples
    (tmp_path / "people.csv").write_text(people)
    (tmp_path / "aliases.csv").write_text(aliases)
    result = run_cli("ingest", tmp_path / "people.csv", tmp_path / "aliases.csv", "--db", tmp_path / "w.duckdb")
    assert (result.exit_code, result.stderr) == (0, "")
    assert "aliases.csv: costper_aliases, 5 rows loaded, 0 quarantined" in result.stdout


def test_a_db_path_that_cannot_be_a_warehouse_is_one_line_for_a_writer(tmp_path: Path) -> None:
    (tmp_path / "a_file").write_text("")
    people = FIXTURES / "costper/people.csv"
    under_a_file = run_cli("ingest", people, "--db", tmp_path / "a_file" / "w.duckdb")
    assert (under_a_file.exit_code, under_a_file.stderr) == (
        2,
        f"error: cannot make the warehouse {tmp_path / 'a_file' / 'w.duckdb'}: {tmp_path / 'a_file'} is not a folder\n",
    )
    empty = run_cli("ingest", people, "--db", "")  # "" is the current folder
    assert (empty.exit_code, empty.stderr) == (
        2,
        f"error: cannot make the warehouse {Path.cwd().resolve()}: it is a folder; pass --db a file\n",
    )


def test_a_truncated_warehouse_is_one_line_exit_2(tmp_path: Path) -> None:
    db = tmp_path / "w.duckdb"
    assert run_cli("ingest", FIXTURES / "openai/costs.json", "--db", db).exit_code == 0
    with db.open("r+b") as f:
        f.truncate(db.stat().st_size // 2)
    for command in (["status"], ["ingest", FIXTURES / "costper/people.csv"]):  # query: the engine's own line
        result = run_cli(*command, "--db", db)
        assert (result.exit_code, result.stderr) == (
            2,
            f"error: {db} is damaged (shorter than DuckDB wrote it): restore a copy\n",
        ), command


def test_an_empty_inbox_says_so_and_exits_0(tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "README.md").write_text("drop exports here\n")
    result = run_cli("ingest", inbox, "--db", tmp_path / "w.duckdb")
    assert result.exit_code == 0
    assert result.stdout.splitlines()[-1] == f"nothing to load: no input files in {inbox}"
    assert not (tmp_path / "w.duckdb").exists()
