"""The ingest protocol: idempotent, atomic, quarantine with reasons, one-line errors with exit code 2."""

from __future__ import annotations

import json
import shutil
from datetime import date
from decimal import Decimal
from pathlib import Path

from conftest import FIXTURES, query, run_cli, table_counts

COST_TWO_DAYS = "anthropic/cost_report_two_days.json"


def test_same_file_twice_changes_nothing(tmp_path: Path, fixture_path) -> None:
    db = tmp_path / "w.duckdb"
    first = run_cli("ingest", fixture_path(COST_TWO_DAYS), "--db", db)
    before = table_counts(db)
    again = run_cli("ingest", fixture_path(COST_TWO_DAYS), "--db", db)
    assert (first.exit_code, again.exit_code) == (0, 0)
    assert "6 rows loaded, 0 quarantined" in first.output
    assert again.output.strip() == "cost_report_two_days.json: already loaded (anthropic_cost), nothing changed"
    assert table_counts(db) == before
    assert before["raw.anthropic__cost_report"] == 6


def test_missing_required_field_refuses_file_and_changes_nothing(tmp_path: Path, fixture_path) -> None:
    db = tmp_path / "w.duckdb"
    run_cli("ingest", fixture_path("costper/people.csv"), "--db", db)
    before = table_counts(db)
    result = run_cli("ingest", fixture_path("anthropic/cost_report_missing_amount.json"), "--db", db)
    assert result.exit_code == 2
    assert (
        result.stderr.strip()
        == 'error: cost_report_missing_amount.json: row 3: field "amount": required field is missing'
    )
    assert table_counts(db) == before  # rows 1 and 2 were good, yet nothing of the file remains
    assert before["raw.anthropic__cost_report"] == 0


def test_truncated_json_refuses_file_with_one_line(tmp_path: Path, fixture_path) -> None:
    db = tmp_path / "w.duckdb"
    run_cli("ingest", fixture_path(COST_TWO_DAYS), "--db", db)
    before = table_counts(db)
    result = run_cli("ingest", fixture_path("anthropic/cost_report_truncated.json"), "--db", db)
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("error: cost_report_truncated.json: unreadable JSON: Malformed JSON")
    assert table_counts(db) == before


def test_csv_missing_required_column_names_field(tmp_path: Path, fixture_path) -> None:
    db = tmp_path / "w.duckdb"
    result = run_cli("ingest", fixture_path("costper/people_missing_team.csv"), "--db", db)
    assert result.exit_code == 2
    assert result.stderr.strip() == (
        'error: people_missing_team.csv: row 1: field "team_id": required column is missing'
    )


def test_bad_rows_are_quarantined_with_reasons_and_original_record(tmp_path: Path, fixture_path) -> None:
    db = tmp_path / "w.duckdb"
    result = run_cli("ingest", fixture_path("anthropic/cost_report_bad_rows.json"), "--db", db)
    assert result.exit_code == 3  # loaded, with billed money in quarantine (README "Exit codes")
    assert "1 row loaded, 5 quarantined" in result.output
    rows = query(db, "select row_number, reasons, record from raw._quarantine order by row_number")
    reasons = {r[0]: r[1] for r in rows}
    assert reasons[2] == "amount: not a valid DECIMAL(38,12)"
    assert reasons[3] == "amount: missing value"
    assert reasons[4] == "currency: unknown currency code"  # its amount, -5 cents, is a credit: no reason
    assert reasons[5].startswith("duplicate natural key") and reasons[6] == reasons[5]
    assert json.loads(rows[0][2])["amount"] == "ten"  # the original value, as the source said it
    assert json.loads(rows[3][2])["description"] == "E"  # duplicates keep their records too
    assert query(db, "select description, amount from raw.anthropic__cost_report") == [("A", Decimal("10"))]


def test_restated_period_supersedes_older_rows(tmp_path: Path, fixture_path) -> None:
    db = tmp_path / "w.duckdb"
    run_cli("ingest", fixture_path(COST_TWO_DAYS), "--db", db)
    restated = json.loads(fixture_path(COST_TWO_DAYS).read_text())
    restated["data"] = restated["data"][1:]  # a newer export of the second day only
    restated["data"][0]["results"][1]["amount"] = "1400.00"
    newer = tmp_path / "cost_report_day2_restated.json"
    newer.write_text(json.dumps(restated))
    result = run_cli("ingest", newer, "--db", db)
    assert result.exit_code == 0 and "3 older rows superseded" in result.output
    current = query(db, "select sum(amount), count(*) from raw.anthropic__cost_report where not _is_superseded")
    assert current == [(Decimal("123.45") + Decimal("40") + Decimal("1E-10") + Decimal("99999999999999.123456")
                        + Decimal("1400.00") + Decimal("12.5"), 6)]  # fmt: skip
    assert query(db, "select count(*) from raw.anthropic__cost_report") == [(9,)]  # nothing deleted


def _openai_costs_page(path: Path, results: list[dict]) -> Path:
    page = {"object": "page", "has_more": False, "next_page": None,
            "data": [{"object": "bucket", "start_time": 1790812800, "end_time": 1790899200, "results": results}]}
    path.write_text(json.dumps(page))
    return path


def _openai_cost(value: str, project: str | None) -> dict:
    return {"object": "organization.costs.result", "amount": {"value": value, "currency": "usd"},
            "line_item": None, "project_id": project}


def test_an_export_not_grouped_by_project_and_its_grouped_restatement_never_double(tmp_path: Path) -> None:
    """The README's advice for an ungrouped OpenAI costs export (no_principal_in_export) is to export again with
    group_by: the grouped file restates the same day and must replace the ungrouped one, not add to it; and a
    newer ungrouped export replaces every project of its day."""
    db = tmp_path / "w.duckdb"
    ungrouped = _openai_costs_page(tmp_path / "costs_v1.json", [_openai_cost("10.00", None)])
    grouped = _openai_costs_page(tmp_path / "costs_v2.json",
                                 [_openai_cost("6.00", "proj_pay"), _openai_cost("4.00", "proj_search")])
    current = "select sum(amount_value), count(*) from raw.openai__costs where not _is_superseded"
    assert run_cli("ingest", ungrouped, "--db", db).exit_code == 0
    result = run_cli("ingest", grouped, "--db", db)
    assert "1 older row" in result.output and query(db, current) == [(Decimal("10"), 2)]
    ungrouped_again = _openai_costs_page(tmp_path / "costs_v3.json", [_openai_cost("10.50", None)])
    result = run_cli("ingest", ungrouped_again, "--db", db)
    assert "2 older rows superseded" in result.output and query(db, current) == [(Decimal("10.5"), 1)]
    # a per-project restatement still replaces only its project
    other = _openai_costs_page(tmp_path / "costs_proj.json", [_openai_cost("3.00", "proj_pay")])
    db2 = tmp_path / "w2.duckdb"
    run_cli("ingest", grouped, "--db", db2)
    run_cli("ingest", other, "--db", db2)
    assert query(db2, current) == [(Decimal("7"), 2)]


def _anthropic_cost_page(path: Path, days: dict[str, list[tuple[str | None, str]]]) -> Path:
    data = [{"starting_at": f"{day}T00:00:00Z", "ending_at": f"{day[:8]}{int(day[8:]) + 1:02d}T00:00:00Z",
             "results": [{"amount": amount, "currency": "USD", "workspace_id": workspace, "description": "Usage",
                          "cost_type": "tokens", "model": None, "token_type": None} for workspace, amount in rows]}
            for day, rows in days.items()]  # fmt: skip
    path.write_text(json.dumps({"data": data, "has_more": False, "next_page": None}))
    return path


def test_a_null_workspace_is_the_default_workspace_not_an_ungrouped_export(tmp_path: Path) -> None:
    """Anthropic's null workspace_id is the default workspace: a file of other workspaces never replaces it, even
    on a day only the default workspace spent, and a file of the default workspace never replaces the others."""
    db = tmp_path / "w.duckdb"
    first = _anthropic_cost_page(tmp_path / "cost_1.json", {
        "2026-10-20": [("wrkspc_w1", "10000"), (None, "5000")], "2026-10-21": [(None, "7000")],
        "2026-10-22": [("wrkspc_w1", "1000")]})  # fmt: skip
    w1_only = _anthropic_cost_page(tmp_path / "cost_2_w1.json", {
        "2026-10-20": [("wrkspc_w1", "11000")], "2026-10-21": [("wrkspc_w1", "100")],
        "2026-10-22": [("wrkspc_w1", "1200")]})  # fmt: skip
    default_only = _anthropic_cost_page(tmp_path / "cost_3_default.json", {"2026-10-21": [(None, "7500")]})
    current = "select sum(amount) from raw.anthropic__cost_report where not _is_superseded"
    for path in (first, w1_only, default_only):
        assert run_cli("ingest", path, "--db", db).exit_code == 0
    # w1: 11000 + 100 + 1200 (restated); default: 5000 (kept) + 7500 (restated 7000)
    assert query(db, current) == [(Decimal("24800"),)]


def test_unknown_fields_are_kept_in_extra(tmp_path: Path, fixture_path) -> None:
    db = tmp_path / "w.duckdb"
    run_cli("ingest", fixture_path("anthropic/usage_report_hourly.json"), "--db", db)
    (extra,) = query(db, "select _extra from raw.anthropic__usage_report")[0]
    kept = json.loads(extra)
    assert kept["priority_surcharge_tokens"] == 12
    assert kept["cache_creation"] == {"ephemeral_24h_input_tokens": 7}


def test_lineage_and_manifest(tmp_path: Path, fixture_path) -> None:
    db = tmp_path / "w.duckdb"
    run_cli("ingest", fixture_path("openai/costs.json"), "--db", db)
    manifest = query(db, "select source, rows_read, rows_loaded, rows_quarantined, status, period_start, period_end "
                         "from raw._ingest_files")  # fmt: skip
    assert [m[:5] for m in manifest] == [("openai_costs", 2, 2, 0, "loaded")]
    assert str(manifest[0][5].date()) == "2026-03-02" and str(manifest[0][6].date()) == "2026-03-03"
    lineage = query(db, "select _file_name, _row_number, _is_superseded from raw.openai__costs order by 2")
    assert lineage == [("costs.json", 1, False), ("costs.json", 2, False)]


def test_one_bad_file_does_not_stop_the_others(tmp_path: Path, fixture_path) -> None:
    db = tmp_path / "w.duckdb"
    result = run_cli("ingest", fixture_path("anthropic/cost_report_truncated.json"),
                     fixture_path("openai/costs.json"), "--db", db)  # fmt: skip
    assert result.exit_code == 2
    assert "costs.json: openai_costs, 2 rows loaded" in result.output


def test_a_page_bigger_than_duckdbs_default_object_limit_loads(tmp_path: Path) -> None:
    """One API page of ~20 MB (above DuckDB's 16 MB default): read again with a fitted limit."""
    row = {"amount": "1.5", "currency": "USD", "workspace_id": "w", "cost_type": "tokens", "model": "m",
           "token_type": "output_tokens", "description": "x" * 200}  # fmt: skip
    results = [{**row, "description": f"{n:06d}" + "x" * 200} for n in range(80_000)]
    page = tmp_path / "big_cost_page.json"
    page.write_text(json.dumps({"data": [{"starting_at": "2026-03-05T00:00:00Z", "ending_at": "2026-03-06T00:00:00Z",
                                          "results": results}], "has_more": False, "next_page": None}))  # fmt: skip
    assert page.stat().st_size > 16 * 1024 * 1024
    db = tmp_path / "w.duckdb"
    result = run_cli("ingest", page, "--db", db)
    assert result.exit_code == 0, result.output
    assert query(db, "select count(*), sum(amount) from raw.anthropic__cost_report") == [(80_000, Decimal("120000"))]


def test_ragged_csv_row_refuses_file_naming_the_line(tmp_path: Path) -> None:
    ragged = tmp_path / "people.csv"
    ragged.write_text("person_id,email,team_id,valid_from\nE1,a@x.io,t1,2026-01-01\nE2,b@x.io,t1,2026-01-01,extra\n")
    result = run_cli("ingest", ragged, "--db", tmp_path / "w.duckdb")
    assert result.exit_code == 2
    assert result.stderr.strip() == "error: people.csv: unreadable CSV: line 3 has 5 fields where the header has 4"


def test_csv_with_byte_order_mark_and_crlf_loads(tmp_path: Path) -> None:
    people = tmp_path / "people_export.csv"
    people.write_bytes(b"\xef\xbb\xbfperson_id,email,team_id,valid_from\r\nE1,a@x.io,t1,2026-01-01\r\n")
    db = tmp_path / "w.duckdb"
    assert run_cli("ingest", people, "--db", db).exit_code == 0
    assert query(db, "select person_id, team_id, valid_from from raw.costper__people") == [
        ("E1", "t1", date(2026, 1, 1))
    ]


def cost_page(day: str, lines: list[tuple[str, str]]) -> dict:
    """One Anthropic cost report page: lines of (workspace_id, cents)."""
    results = [{"amount": cents, "currency": "USD", "workspace_id": ws, "description": "Output", "cost_type": "tokens",
                "model": "claude-sonnet-4-5", "token_type": "output_tokens"} for ws, cents in lines]  # fmt: skip
    return {"starting_at": f"{day}T00:00:00Z", "ending_at": f"{day}T23:59:59Z", "results": results}


def write_pages(path: Path, *buckets: dict) -> Path:
    path.write_text(json.dumps({"data": list(buckets), "has_more": False, "next_page": None}))
    return path


def test_a_per_workspace_export_does_not_replace_another_workspace(tmp_path: Path) -> None:
    db = tmp_path / "w.duckdb"
    ws_a = write_pages(tmp_path / "ws_a.json", cost_page("2026-03-02", [("wA", "100")]))
    ws_b = write_pages(tmp_path / "ws_b.json", cost_page("2026-03-02", [("wB", "250")]))
    restated_a = write_pages(tmp_path / "ws_a_restated.json", cost_page("2026-03-02", [("wA", "120")]))
    for path in (ws_a, ws_b, restated_a):
        assert run_cli("ingest", path, "--db", db).exit_code == 0
    current = query(
        db, "select workspace_id, amount from raw.anthropic__cost_report where not _is_superseded order by 1"
    )
    assert current == [("wA", Decimal("120")), ("wB", Decimal("250"))]


def test_an_older_pull_request_export_loaded_later_does_not_win(tmp_path: Path) -> None:
    db = tmp_path / "w.duckdb"
    pr = {
        "number": 7, "html_url": "https://github.com/acme/app/pull/7", "state": "closed", "user": {"login": "dana"},
        "head": {"ref": "x"}, "base": {"ref": "main"}, "labels": [], "created_at": "2026-10-01T00:00:00Z",
    }  # fmt: skip
    newer = tmp_path / "pulls_newer.json"
    newer.write_text(json.dumps([{**pr, "updated_at": "2026-10-05T00:00:00Z", "merged_at": "2026-10-05T00:00:00Z"}]))
    older = tmp_path / "pulls_older.json"
    older.write_text(json.dumps([{**pr, "state": "open", "updated_at": "2026-10-02T00:00:00Z", "merged_at": None}]))
    run_cli("ingest", newer, "--db", db)
    result = run_cli("ingest", older, "--db", db)
    assert "1 rows older than those loaded (kept, superseded)" in result.output
    current = query(db, "select state, merged_at is not null from raw.github__pull_requests where not _is_superseded")
    assert current == [("closed", True)]
    assert query(db, "select count(*) from raw.github__pull_requests") == [(2,)]  # the older row is kept, marked


def test_billing_lines_differing_only_by_an_unknown_field_both_load(tmp_path: Path) -> None:
    bucket = cost_page("2026-03-02", [("wA", "100"), ("wA", "600")])
    bucket["results"][0]["speed"], bucket["results"][1]["speed"] = "standard", "fast"
    db = tmp_path / "w.duckdb"
    result = run_cli("ingest", write_pages(tmp_path / "cost.json", bucket), "--db", db)
    assert "2 rows loaded, 0 quarantined" in result.output
    assert query(db, "select sum(amount) from raw.anthropic__cost_report") == [(Decimal("700"),)]


def test_directory_loads_in_natural_order(tmp_path: Path) -> None:
    from ingest.inputs import expand

    for name in ("page10.json", "page2.json", "page1.json"):
        (tmp_path / name).write_text("[]")
    assert [p.name for p in expand((tmp_path,)).files] == ["page1.json", "page2.json", "page10.json"]


def test_mixed_case_currency_is_quarantined_and_the_next_file_still_loads(tmp_path: Path, fixture_path) -> None:
    bucket = cost_page("2026-03-02", [("wA", "100"), ("wB", "5")])
    bucket["results"][0]["currency"] = "Usd"
    db = tmp_path / "w.duckdb"
    result = run_cli(
        "ingest", write_pages(tmp_path / "cost.json", bucket), fixture_path("openai/costs.json"), "--db", db
    )
    assert result.exit_code == 3  # loaded, with billed money in quarantine (README "Exit codes")
    assert "cost.json: anthropic_cost, 1 row loaded, 1 quarantined" in result.output
    assert "costs.json: openai_costs, 2 rows loaded" in result.output
    assert query(db, "select reasons from raw._quarantine") == [("currency: unknown currency code",)]


def test_empty_pages_load_nothing_and_are_not_errors(tmp_path: Path) -> None:
    pages = {
        "anthropic_last_page.json": {
            "data": [{"starting_at": "2026-03-02T00:00:00Z", "results": []}],
            "has_more": False,
        },
        "no_buckets.json": {"data": [], "has_more": False, "next_page": None},
        "jira_last_page.json": {"issues": [], "isLast": True},
        "gh_nothing.json": [],
    }
    for name, content in pages.items():
        (tmp_path / name).write_text(json.dumps(content))
    db = tmp_path / "w.duckdb"
    result = run_cli("ingest", *(tmp_path / name for name in pages), "--db", db)
    assert result.exit_code == 0
    assert result.output.count("no records (an empty page), nothing to load") == 4
    assert query(db, "select count(*) from raw._ingest_files") == [(0,)]


def test_a_warehouse_made_before_rows_stale_existed_still_loads(tmp_path: Path, fixture_path) -> None:
    import duckdb

    from ingest.warehouse import MANIFEST_DDL

    db = tmp_path / "old.duckdb"
    with duckdb.connect(str(db)) as con:
        con.execute(MANIFEST_DDL.split("-- columns added")[0])  # the first release's tables
        columns = con.execute("select column_name from information_schema.columns where table_name = '_ingest_files'")
        assert "rows_stale" not in {c for (c,) in columns.fetchall()}
    assert run_cli("ingest", fixture_path("openai/costs.json"), "--db", db).exit_code == 0
    assert query(db, "select rows_loaded, rows_stale from raw._ingest_files") == [(2, 0)]


def test_an_older_rest_page_does_not_undo_a_merge_gh_reported(tmp_path: Path, fixture_path) -> None:
    """gh output has no updatedAt unless asked for; the merge time then dates the row."""
    db = tmp_path / "w.duckdb"
    run_cli("ingest", fixture_path("github/gh_pr_list.json"), "--db", db)  # #4821 MERGED 2026-10-06T14:03:11Z
    before_merge = tmp_path / "rest_before_merge.json"
    before_merge.write_text(json.dumps([{
        "number": 4821, "html_url": "https://github.com/acme/billing/pull/4821", "state": "open",
        "user": {"login": "mkovacs"}, "head": {"ref": "x"}, "base": {"ref": "main"}, "labels": [],
        "created_at": "2026-10-02T08:41:19Z", "updated_at": "2026-10-05T10:00:00Z", "merged_at": None,
    }]))  # fmt: skip
    assert "1 rows older than those loaded" in run_cli("ingest", before_merge, "--db", db).output
    current = query(db, "select state from raw.github__pull_requests where number = 4821 and not _is_superseded")
    assert current == [("MERGED",)]


def test_a_folder_ingest_never_reads_the_warehouse_or_costpers_outputs(tmp_path: Path, fixture_path) -> None:
    """The warehouse's own folder, its DuckDB spill folder and dbt's target/ under the folder given are not inputs,
    nor are notes; a file named on the command line is always tried."""
    from ingest.inputs import expand

    inbox = tmp_path / "inbox"
    (inbox / "wh" / "w.duckdb.tmp").mkdir(parents=True)
    (inbox / "target").mkdir()
    for name in ("wh/leftover.json", "wh/w.duckdb.tmp/spill.json", "target/run_results.json"):
        (inbox / name).write_text("{}")
    (inbox / "notes.md").write_text("# notes")
    (inbox / "costs.json").write_bytes(fixture_path("openai/costs.json").read_bytes())
    db = inbox / "wh" / "w.duckdb"
    found = expand((inbox,), db)
    assert ([p.name for p in found.files], [p.name for p in found.skipped]) == (["costs.json"], ["notes.md"])
    result = run_cli("ingest", inbox, "--db", db)
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[0] == "skipped 1 file that is not an input: notes.md"
    assert [p.name for p in expand((inbox / "notes.md",), db).files] == ["notes.md"]


def test_a_folder_ingest_of_the_warehouses_own_folder_skips_its_lock_and_build_copy(
    tmp_path: Path, fixture_path
) -> None:
    """`costper ingest .` beside the warehouse: its lock file and a killed build's copy are costper's own."""
    (tmp_path / "costs.json").write_bytes(fixture_path("openai/costs.json").read_bytes())
    db = tmp_path / "w.duckdb"
    assert run_cli("ingest", tmp_path, "--db", db).exit_code == 0
    assert (tmp_path / "w.duckdb.lock").exists()
    (tmp_path / "w.duckdb.building").mkdir()
    (tmp_path / "w.duckdb.building" / "leftover.json").write_text("{}")
    again = run_cli("ingest", tmp_path, "--db", db)
    assert (again.exit_code, again.stderr) == (0, "")
    assert again.stdout == "costs.json: already loaded (openai_costs), nothing changed\n"


def test_pages_given_in_a_shell_globs_order_are_not_a_gap(tmp_path: Path) -> None:
    """`costper ingest search_page*.json` gives page10 before page9: page9's next page is in the run all the same."""
    shutil.copy(Path(__file__).parent / "bad_inputs/ji_is_last_false/search.json", tmp_path / "search_page9.json")
    shutil.copy(FIXTURES / "jira/search_page.json", tmp_path / "search_page10.json")
    pages = sorted(tmp_path.glob("search_page*.json"))
    assert [p.name for p in pages] == ["search_page10.json", "search_page9.json"]
    result = run_cli("ingest", *pages, "--db", tmp_path / "w.duckdb")
    assert (result.exit_code, result.stderr) == (0, "")
