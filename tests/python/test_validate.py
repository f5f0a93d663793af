"""The Great Expectations suite built from each reader spec: it runs when asked, it agrees with the SQL rules on
every reader's fixtures, and it rejects what the contract forbids (so it is a real second statement of the
contract, not decoration)."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
from conftest import FIXTURES, query, run_cli

from ingest.quarantined_money import BILLED_SOURCES
from ingest.readers import REGISTRY
from ingest.validate import suite, suite_json

READER_FIXTURES = {
    "anthropic_cost": ["anthropic/cost_report_two_days.json", "anthropic/cost_report_bad_rows.json",
                       "anthropic/cost_report_with_credit.json", "anthropic/cost_report_long_cents.json"],
    "anthropic_usage": ["anthropic/usage_report_hourly.json", "anthropic/usage_report_negative_tokens.json"],
    "openai_usage": ["openai/usage_completions.json"],
    "openai_costs": ["openai/costs.json", "openai/costs_float_artefacts.json", "openai/costs_with_refund.json"],
    "github_pulls": ["github/pulls_rest_page.json"],
    "github_gh_pr_list": ["github/gh_pr_list.json", "github/gh_pr_view.json", "github/gh_pr_view_appended.json"],
    "jira_issues": ["jira/search_page.json"],
    "costper_people": ["costper/people.csv"],  # a directory with a bad row is refused whole: tests/python/bad_inputs
    "costper_aliases": ["costper/aliases.csv", "costper/aliases_new_kinds.csv"],
    "costper_invoices": ["../bad_inputs/in_bad_rows_quarantined/invoices.csv"],
    "aws_cur": ["aws_cur/cur_2026-10.csv", "aws_cur/cur_bad_rows.csv"],
}  # fmt: skip


def validate_frame(source: str, frame: pd.DataFrame) -> dict[str, bool]:
    from ingest.validate import _batch_definition

    result = _batch_definition().get_batch(batch_parameters={"dataframe": frame}).validate(suite(REGISTRY[source]))
    return {f"{r.expectation_config.type}:{r.expectation_config.kwargs.get('column', '')}": r.success
            for r in result.results}  # fmt: skip


def test_the_suite_runs_when_asked(tmp_path: Path) -> None:
    db = tmp_path / "w.duckdb"
    run_cli("ingest", FIXTURES / "anthropic/cost_report_two_days.json", "--db", db)
    run_cli("ingest", FIXTURES / "openai/costs.json", "--expectations", "--db", db)
    assert query(db, "select source, ge_validated from raw._ingest_files order by 1") == [
        ("anthropic_cost", False),
        ("openai_costs", True),
    ]


@pytest.mark.parametrize("source", sorted(READER_FIXTURES))
def test_every_readers_loaded_rows_pass_its_suite(tmp_path: Path, source: str) -> None:
    """The SQL rules (every load) and the suite (when asked) state the same contract: what one lets into a raw
    table, the other accepts. Fixtures with rows to quarantine included."""
    db = tmp_path / "w.duckdb"
    result = run_cli("ingest", *(FIXTURES / f for f in READER_FIXTURES[source]), "--source", source,
                     "--expectations", "--db", db)  # fmt: skip
    # the cost fixtures quarantine billed money: loaded, exit 3 (README "Exit codes")
    assert result.exit_code == (3 if source in BILLED_SOURCES else 0), result.output
    assert query(db, "select bool_and(ge_validated), count(*) from raw._ingest_files") == [
        (True, len(READER_FIXTURES[source]))
    ]


def test_suite_rejects_unknown_currency_and_duplicate_keys_but_not_credits() -> None:
    spec = REGISTRY["anthropic_cost"]
    good = {c.name: ["x", "y"] for c in spec.columns}
    good.update(amount=[1.0, -2500.0], currency=["USD", "USD"], _extra=[None, None])  # -2500 cents: a credit
    assert all(validate_frame("anthropic_cost", pd.DataFrame(good)).values())
    bad = dict(good, currency=["USD", "XXX"], description=["x", "x"])
    bad.update({k: ["same", "same"] for k in spec.natural_key})
    failed = {k for k, ok in validate_frame("anthropic_cost", pd.DataFrame(bad)).items() if not ok}
    assert failed == {"expect_column_values_to_be_in_set:currency", "expect_compound_columns_to_be_unique:"}


def test_suite_rejects_negative_tokens() -> None:
    spec = REGISTRY["anthropic_usage"]
    frame = {c.name: ["x", "y"] for c in spec.columns}
    frame.update({c.name: [10, 20] for c in spec.columns if c.type == "BIGINT"}, _extra=[None, None])
    frame["output_tokens"] = [10, -42]
    failed = {k for k, ok in validate_frame("anthropic_usage", pd.DataFrame(frame)).items() if not ok}
    assert failed == {"expect_column_values_to_be_between:output_tokens"}


def test_suite_is_printable_as_ge_json() -> None:
    suite = json.loads(suite_json(REGISTRY["jira_issues"]))
    types = {e["type"] for e in suite["expectations"]}
    assert {
        "expect_column_to_exist",
        "expect_column_values_to_not_be_null",
        "expect_column_values_to_be_unique",
    } <= types
