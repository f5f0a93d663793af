"""Real `gh` output: `gh pr view` prints one object, `gh pr list` one array, a loop of `gh pr view >> file`
objects back to back; the user picks the --json fields, so only number, url and mergedAt are required."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from conftest import FIXTURES, query, run_cli

from ingest.detect import detect

UTC = dt.UTC
GH = FIXTURES / "github"


@pytest.mark.parametrize(
    "name", ["gh_pr_view.json", "gh_pr_list_no_created_at.json", "gh_pr_view_appended.json", "gh_pr_list.json"]
)
def test_gh_output_is_detected_whatever_fields_were_chosen(name: str) -> None:
    assert detect(GH / name).name == "github_gh_pr_list"


def test_a_rest_page_is_not_taken_for_gh_output() -> None:
    assert detect(GH / "pulls_rest_page.json").name == "github_pulls"


def test_gh_pr_view_single_object_loads(tmp_path: Path) -> None:
    db = tmp_path / "w.duckdb"
    result = run_cli("ingest", GH / "gh_pr_view.json", "--db", db)
    assert result.exit_code == 0, result.output
    assert "gh_pr_view.json: github_gh_pr_list, 1 row loaded, 0 quarantined" in result.output
    rows = query(db, """select repo_full_name, number, html_url, state, draft, user_login, author_is_bot, head_ref,
                               base_ref, labels, created_at, merged_at, additions, deletions, changed_files,
                               source_format, _extra->>'$.mergeCommit.oid'
                        from raw.github__pull_requests""")  # fmt: skip
    assert rows == [(
        "acme/search", 912, "https://github.com/acme/search/pull/912", "MERGED", False, "dana-ortiz", False,
        "dana/SRCH-88-synonyms", "main", ["ai-assisted"], dt.datetime(2026, 10, 12, 7, 30, 5, tzinfo=UTC),
        dt.datetime(2026, 10, 14, 16, 45, tzinfo=UTC), 57, 12, 4, "gh_cli", "5f3c2a9e8d7b6c5a4f3e2d1c0b9a8f7e6d5c4b3a",
    )]  # fmt: skip


def test_gh_pr_list_without_created_at_loads_with_a_null_start(tmp_path: Path) -> None:
    db = tmp_path / "w.duckdb"
    result = run_cli("ingest", GH / "gh_pr_list_no_created_at.json", "--db", db)  # detected, no --source
    assert result.exit_code == 0, result.output
    assert "github_gh_pr_list, 2 rows loaded, 0 quarantined" in result.output
    rows = query(db, """select repo_full_name, number, title, user_login, author_is_bot, created_at, merged_at,
                               state, _is_superseded
                        from raw.github__pull_requests order by number""")  # fmt: skip
    assert rows == [
        ("acme/billing", 4821, "Prorate invoice preview (PAY-312)", "mkovacs", False, None,
         dt.datetime(2026, 10, 6, 14, 3, 11, tzinfo=UTC), None, False),
        ("acme/billing", 4840, "Fix tax rounding", "app/copilot-swe-agent", True, None,
         dt.datetime(2026, 10, 7, 9, 12, 40, tzinfo=UTC), None, False),
    ]  # fmt: skip


def test_gh_pr_view_objects_back_to_back_load_in_file_order(tmp_path: Path) -> None:
    db = tmp_path / "w.duckdb"
    result = run_cli("ingest", GH / "gh_pr_view_appended.json", "--db", db)
    assert result.exit_code == 0, result.output
    rows = query(db, "select _row_number, number, user_login, merged_at is not null, updated_at "
                     "from raw.github__pull_requests order by _row_number")  # fmt: skip
    assert rows == [
        (1, 4821, "mkovacs", True, dt.datetime(2026, 10, 6, 14, 5, tzinfo=UTC)),
        (2, 4850, "app/devin-ai-integration", True, dt.datetime(2026, 10, 8, 11, 2, 13, tzinfo=UTC)),
        (3, 4861, "mkovacs", False, dt.datetime(2026, 10, 9, 8, 0, tzinfo=UTC)),
    ]


def test_gh_output_without_merged_at_is_refused_saying_how_to_fix_it(tmp_path: Path) -> None:
    db = tmp_path / "w.duckdb"
    result = run_cli("ingest", GH / "gh_pr_list_no_merged_at.json", "--db", db)
    assert result.exit_code == 2
    assert result.stderr.strip() == (
        'error: gh_pr_list_no_merged_at.json: row 1: field "mergedAt": required field is missing '
        "(add it to gh's --json fields)"
    )
    assert query(db, "select count(*) from raw._ingest_files") == [(0,)]
