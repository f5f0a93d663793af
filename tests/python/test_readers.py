"""Each reader on tiny files in the real formats: detection, types, money exactness, time zones."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest
from conftest import FIXTURES, query, run_cli

from ingest import dbt
from ingest.detect import detect
from ingest.errors import InputError

UTC = dt.UTC


@pytest.mark.parametrize(
    ("relative", "source"),
    [
        ("anthropic/cost_report_two_days.json", "anthropic_cost"),
        ("anthropic/usage_report_hourly.json", "anthropic_usage"),
        ("openai/usage_completions.json", "openai_usage"),
        ("openai/costs.json", "openai_costs"),
        ("github/pulls_rest_page.json", "github_pulls"),
        ("github/gh_pr_list.json", "github_gh_pr_list"),
        ("jira/search_page.json", "jira_issues"),
        ("costper/people.csv", "costper_people"),
        ("costper/aliases.csv", "costper_aliases"),
        ("linear/issues_two_pages.json", "linear_issues"),
        ("zendesk/incremental_two_pages.json", "zendesk_tickets"),
        ("zendesk/ticket_metrics.json", "zendesk_ticket_metrics"),
        ("costper_outcomes/outcomes.csv", "costper_outcomes"),
        ("costper_outcomes/people.csv", "costper_people"),
        ("litellm/litellm_spend_logs.jsonl", "litellm_spend_logs"),
        ("litellm/litellm_spend_logs.csv", "litellm_spend_logs_csv"),
        ("openrouter/openrouter_activity.json", "openrouter_activity"),
        ("claude_code/claude_code_page1.json", "claude_code_analytics"),
        ("aws_cur/cur_2026-10.csv", "aws_cur"),
        ("focus/focus_1.2_aws.csv", "focus"),
    ],
)
def test_format_is_detected_from_content(relative: str, source: str) -> None:
    assert detect(FIXTURES / relative).name == source


def test_unknown_format_lists_known_ones(tmp_path: Path) -> None:
    odd = tmp_path / "notes.txt"
    odd.write_text("hello")
    with pytest.raises(InputError, match="unrecognised format; pass --source, one of: anthropic_cost, "):
        detect(odd)


def test_anthropic_cents_stay_exact_in_raw(tmp_path: Path) -> None:
    db = tmp_path / "w.duckdb"
    run_cli("ingest", FIXTURES / "anthropic/cost_report_two_days.json", "--db", db)
    amounts = [a for (a,) in query(db, "select amount from raw.anthropic__cost_report order by _row_number")]
    assert amounts == [Decimal("123.45"), Decimal("40"), Decimal("1E-10"), Decimal("99999999999999.123456"),
                       Decimal("1387.25"), Decimal("12.5")]  # fmt: skip


def test_anthropic_amount_in_cents_becomes_dollars_in_staging(tmp_path: Path) -> None:
    """The acceptance case: "123.45" in the cost report is USD 1.2345 (a real dbt run of staging)."""
    db = tmp_path / "w.duckdb"
    run_cli("ingest", FIXTURES / "anthropic/cost_report_two_days.json", "--db", db)
    assert dbt.run("run", db, args=("--select", "stg_anthropic__cost_report", "--quiet")) == 0
    billed = query(
        db,
        "select billed_cost, billing_currency from staging.stg_anthropic__cost_report "
        "where charge_description like '%Output%' and charge_period_start_at < '2026-03-03'",
    )
    assert billed == [(Decimal("1.2345"), "USD")]
    assert query(db, "select typeof(billed_cost) from staging.stg_anthropic__cost_report limit 1") == [
        ("DECIMAL(38,12)",)
    ]


def test_openai_amount_as_string_or_number_is_exact(tmp_path: Path) -> None:
    db = tmp_path / "w.duckdb"
    run_cli("ingest", FIXTURES / "openai/costs.json", "--db", db)
    rows = query(db, "select amount_value, amount_currency, bucket_start_time from raw.openai__costs order by 1")
    assert rows == [
        (Decimal("0.082"), "usd", dt.datetime(2026, 3, 2, tzinfo=UTC)),
        (Decimal("0.645"), "usd", dt.datetime(2026, 3, 2, tzinfo=UTC)),
    ]


def test_anthropic_usage_flattens_nested_token_counts(tmp_path: Path) -> None:
    db = tmp_path / "w.duckdb"
    run_cli("ingest", FIXTURES / "anthropic/usage_report_hourly.json", "--db", db)
    row = query(db, """select api_key_id, uncached_input_tokens, cache_read_input_tokens,
                              cache_creation_ephemeral_5m_input_tokens, output_tokens, bucket_starting_at
                       from raw.anthropic__usage_report""")  # fmt: skip
    assert row == [("apikey_01CiReviewBot7x", 18240, 412300, 22100, 9350, dt.datetime(2026, 3, 2, 14, tzinfo=UTC))]


def test_jira_offsets_without_colon_become_utc(tmp_path: Path) -> None:
    db = tmp_path / "w.duckdb"
    run_cli("ingest", FIXTURES / "jira/search_page.json", "--db", db)
    rows = query(db, "select key, resolutiondate, assignee_account_id, labels from raw.jira__issues order by key")
    assert rows[0] == ("PAY-312", dt.datetime(2026, 10, 6, 14, 20, 45, 871000, tzinfo=UTC), "712020:3f1c0b9e",
                       ["billing"])  # fmt: skip
    assert rows[1][1] is None  # unresolved


def test_github_rest_pages_and_gh_output_share_one_table(tmp_path: Path) -> None:
    db = tmp_path / "w.duckdb"
    result = run_cli("ingest", FIXTURES / "github/pulls_rest_page.json", FIXTURES / "github/gh_pr_list.json",
                     "--db", db)  # fmt: skip
    assert result.exit_code == 0, result.output
    # two REST pages back to back (gh api --paginate) give 3 PRs. gh repeats #4821 without updatedAt, so its
    # version is its merge time, 2 minutes older than REST's updated_at: it arrives superseded
    assert "github_pulls, 3 rows loaded" in result.output
    assert "github_gh_pr_list, 2 rows loaded, 0 quarantined, 1 rows older than those loaded" in result.output
    current = query(db, """select repo_full_name, number, state, user_login, user_type, author_is_bot, labels,
                                  source_format from raw.github__pull_requests where not _is_superseded
                           order by number""")  # fmt: skip
    assert current[0] == ("acme/billing", 4821, "closed", "mkovacs", "User", None, ["backend", "ai-assisted"],
                          "github_rest")  # fmt: skip
    assert current[1][:6] == ("acme/billing", 4822, "closed", "Copilot", "Bot", None)
    assert current[2][0] == "acme/billing"  # Acme/Billing in the URL: GitHub names are case-insensitive
    assert current[3][:4] == ("acme/billing", 4840, "MERGED", "app/copilot-swe-agent")


def test_people_csv_keeps_unknown_columns(tmp_path: Path) -> None:
    db = tmp_path / "w.duckdb"
    run_cli("ingest", FIXTURES / "costper/people.csv", "--db", db)
    rows = query(db, "select person_id, team_id, valid_from, valid_to, _extra from raw.costper__people order by 1, 3")
    assert rows[0] == ("E1", "payments", dt.date(2026, 1, 1), dt.date(2026, 9, 15), '{"location":"Berlin"}')
    assert rows[1][3] is None


def test_money_given_as_a_json_number_is_read_exactly(tmp_path: Path) -> None:
    """DuckDB parses JSON numbers through a double; costper re-reads those few fields with Decimal."""
    page = (FIXTURES / "openai/costs.json").read_text().replace('"value":0.082', '"value":1234567.891234567891')
    path = tmp_path / "costs_numbers.json"
    path.write_text(page)
    db = tmp_path / "w.duckdb"
    assert run_cli("ingest", path, "--db", db).exit_code == 0
    values = [v for (v,) in query(db, "select amount_value from raw.openai__costs order by amount_value")]
    assert values == [Decimal("0.645"), Decimal("1234567.891234567891")]


def test_aliases_accept_anthropic_accounts_and_github_repositories(tmp_path: Path) -> None:
    db = tmp_path / "w.duckdb"
    result = run_cli("ingest", FIXTURES / "costper/aliases_new_kinds.csv", "--db", db)
    assert "2 rows loaded, 0 quarantined" in result.output
    rows = query(db, "select kind, value, person_id, team_id from raw.costper__aliases order by _row_number")
    assert rows == [("account", "user_01Kovacs9x", "E1", None), ("github_repo", "acme/billing", None, "payments")]
