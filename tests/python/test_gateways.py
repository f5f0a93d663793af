"""Gateways and coding-agent telemetry: LiteLLM spend logs (JSON Lines and CSV), OpenRouter activity and Claude Code
Analytics, each on fixtures written from the documented shapes, each built alone by a real `dbt build` and once
with the demo's sources. Gateway and telemetry money is an estimate (BilledCost 0, the estimate apart); OpenRouter's
credits are billed; a LiteLLM request tagged with a PR is attributed `direct` to it."""

from __future__ import annotations

import shutil
from decimal import Decimal
from pathlib import Path

import pytest
from conftest import FIXTURES, BuiltDemo, query, run_cli, table_counts
from test_real_company import ingest_and_build, ledger_ties_to_billed

LITELLM = [FIXTURES / "litellm" / "litellm_spend_logs.jsonl", FIXTURES / "litellm" / "litellm_spend_logs.csv"]
OPENROUTER = [FIXTURES / "openrouter" / "openrouter_activity.json"]
CLAUDE_CODE = [FIXTURES / "claude_code" / "claude_code_page1.json", FIXTURES / "claude_code" / "claude_code_page2.json"]
PULLS = FIXTURES / "github" / "pulls_rest_page.json"
PEOPLE = FIXTURES / "litellm" / "people.csv"

# the fixtures' totals without their one bad row each (tests/python/fixtures/*: 30 + 8 requests, 24 activity rows,
# 20 actor-days with 30 model rows)
LITELLM_ESTIMATE = Decimal("1.3023180") + Decimal("0.193028")
OPENROUTER_BILLED = Decimal("94.571305")
OPENROUTER_BYOK = Decimal("1.85331")
CLAUDE_CODE_ESTIMATE = Decimal("155.6682")  # 15566.82 cents


def by_source(db: Path) -> dict[str, tuple]:
    rows = query(db, """
        select x_source, count(*), sum(BilledCost), sum(x_estimated_cost), bool_and(x_cost_is_estimated),
               min(BilledCost), max(BilledCost)
        from marts.fct_ai_cost group by 1""")  # fmt: skip
    return {row[0]: row[1:] for row in rows}


@pytest.fixture(scope="module")
def litellm_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """LiteLLM alone (its two exports), with the PR its requests name and a two-person directory."""
    db = tmp_path_factory.mktemp("litellm") / "w.duckdb"
    ingest_and_build(db, *LITELLM, PULLS, PEOPLE)
    return db


@pytest.fixture(scope="module")
def openrouter_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("openrouter") / "w.duckdb"
    ingest_and_build(db, *OPENROUTER)
    return db


@pytest.fixture(scope="module")
def claude_code_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("claude_code") / "w.duckdb"
    ingest_and_build(db, *CLAUDE_CODE)
    return db


# ---------------------------------------------------------------- LiteLLM


def test_litellm_lines_are_estimated_and_the_ledger_ties(litellm_db: Path) -> None:
    assert ledger_ties_to_billed(litellm_db) == 0  # an estimate bills nothing
    count, billed, estimated, all_estimated, low, high = by_source(litellm_db)["litellm_spend_logs"]
    assert (billed, estimated, all_estimated, low, high) == (0, LITELLM_ESTIMATE, True, 0, 0)
    ((requests, spend),) = query(
        litellm_db, "select count(*), sum(estimated_cost) from staging.stg_litellm__spend_logs"
    )
    assert (requests, spend) == (38, LITELLM_ESTIMATE)
    assert count == 86


def test_litellm_request_tagged_with_a_pr_is_direct_on_that_pr(litellm_db: Path) -> None:
    rows = query(litellm_db, """
        select distinct a.outcome_id, a.method from marts.fct_cost_allocation a
        join marts.fct_ai_cost f using (cost_line_id)
        where f.x_source = 'litellm_spend_logs' and a.outcome_id is not null""")  # fmt: skip
    assert rows == [("github:acme/billing#4821", "direct")]
    # three requests tagged 'pr:acme/billing#4821', and one naming repo and pr in spend_logs_metadata
    ((direct_requests,),) = query(litellm_db, """
        select count(distinct f.Tags::varchar) from marts.fct_cost_allocation a
        join marts.fct_ai_cost f using (cost_line_id) where a.method = 'direct'""")  # fmt: skip
    assert direct_requests == 4
    ((refs,),) = query(litellm_db, """
        select tags from staging.stg_litellm__spend_logs where request_id = 'chatcmpl-0003'""")  # fmt: skip
    assert '"outcome_ref":"acme/billing#4821"' in refs


def test_litellm_principals_and_team_hint(litellm_db: Path) -> None:
    rows = dict(query(litellm_db, """
        select x_principal_kind || ':' || x_principal_id,
               min(coalesce(x_team_id, '-') || '/' || coalesce(x_person_id, '-'))
        from marts.fct_ai_cost where x_source like 'litellm%' group by 1"""))  # fmt: skip
    assert rows == {
        "email:dana@example.com": "payments/p-dana",  # end_user is a person of the directory
        "email:lee@example.com": "search/p-lee",
        "gateway_user:svc-ci": "payments/-",  # a service user: its key's team alias names the team
        "gateway_user:u-lee": "search/-",  # the CSV export's key owner
    }
    classes = dict(query(litellm_db, """
        select x_token_type, sum(ConsumedQuantity) from marts.fct_ai_cost group by 1"""))  # fmt: skip
    assert set(classes) == {"input", "output", "cache_read"}
    ((prompt, completion, cache_read),) = query(
        litellm_db,
        """
        select sum(prompt_tokens), sum(completion_tokens), sum(cache_read_tokens)
        from staging.stg_litellm__spend_logs""",
    )
    assert classes["input"] + classes["cache_read"] == prompt and classes["output"] == completion
    assert classes["cache_read"] == cache_read > 0


def test_litellm_bad_row_is_quarantined_and_the_same_files_again_change_nothing(litellm_db: Path) -> None:
    assert query(litellm_db, "select source, row_number, reasons from raw._quarantine") == [
        ("litellm_spend_logs", 16, "spend: not a valid DECIMAL(38,12)")
    ]
    before = table_counts(litellm_db)
    result = run_cli("ingest", *LITELLM, "--db", litellm_db)
    assert result.exit_code == 0 and result.output.count("already loaded") == 2
    assert table_counts(litellm_db) == before


def test_litellm_overlapping_export_replaces_its_requests(tmp_path: Path) -> None:
    """A request exported again (a later, overlapping window) is the same request: it replaces, never adds."""
    db = tmp_path / "w.duckdb"
    first = LITELLM[0]
    later = tmp_path / "later.jsonl"
    lines = first.read_text().splitlines()
    later.write_text("\n".join([lines[0].replace('"status": "success"', '"status": "success", "x": 1')]) + "\n")
    assert run_cli("ingest", first, later, "--db", db).exit_code == 0
    assert query(
        db, "select count(*), count(distinct request_id) from raw.litellm__spend_logs where not _is_superseded"
    ) == [(30, 30)]


def test_litellm_file_without_spend_is_refused_naming_the_field(tmp_path: Path) -> None:
    bad = tmp_path / "spend_logs.json"
    row = '"call_type": "completion", "startTime": "2026-10-01T00:00:00Z"'
    bad.write_text(f'[{{"request_id": "r1", {row}, "spend": 0.1}}, {{"request_id": "r2", {row}}}]')
    result = run_cli("ingest", bad, "--db", tmp_path / "w.duckdb")
    assert result.exit_code == 2
    assert "spend_logs.json" in result.output and '"spend"' in result.output


# ---------------------------------------------------------------- OpenRouter


def test_openrouter_credits_are_billed_and_tie(openrouter_db: Path) -> None:
    assert ledger_ties_to_billed(openrouter_db) == OPENROUTER_BILLED
    count, billed, estimated, all_estimated, low, _high = by_source(openrouter_db)["openrouter_activity"]
    assert (count, billed, estimated, all_estimated) == (48, OPENROUTER_BILLED, None, False)
    assert low >= 0
    ((byok, reasoning),) = query(openrouter_db, """
        select sum(byok_cost), sum(reasoning_tokens) from staging.stg_openrouter__activity""")  # fmt: skip
    assert byok == OPENROUTER_BYOK and reasoning > 0
    # the activity names no key or user: the organisation's spend, unattributed with its reason
    assert query(
        openrouter_db,
        """
        select method, unattributed_reason, sum(allocated_cost) from marts.fct_cost_allocation group by all""",
    ) == [("unattributed", "no_principal_in_export", OPENROUTER_BILLED)]
    assert query(openrouter_db, "select source, row_number, reasons from raw._quarantine") == [
        ("openrouter_activity", 13, "prompt_tokens: negative")
    ]


# ---------------------------------------------------------------- Claude Code


def test_claude_code_is_estimated_usage_per_model_and_class(claude_code_db: Path) -> None:
    assert ledger_ties_to_billed(claude_code_db) == 0
    _count, billed, estimated, all_estimated, _low, high = by_source(claude_code_db)["claude_code_analytics"]
    assert (billed, estimated, all_estimated, high) == (0, CLAUDE_CODE_ESTIMATE, True, 0)
    # cents given as strings and as numbers both arrive exact in dollars
    ((rows, dollars),) = query(claude_code_db, """
        select count(*), sum(estimated_cost) from staging.stg_anthropic__claude_code_usage""")  # fmt: skip
    assert (rows, dollars) == (30, CLAUDE_CODE_ESTIMATE)
    principals = {p for (p,) in query(claude_code_db, """
        select distinct x_principal_kind || ':' || x_principal_id from marts.fct_ai_cost""")}  # fmt: skip
    assert principals == {"email:dana@example.com", "email:lee@example.com", "email:sam@example.com",
                          "api_key:ci-claude-code"}  # fmt: skip
    services = query(claude_code_db, "select distinct ProviderName, ServiceName, x_source from marts.fct_ai_cost")
    assert services == [("Anthropic", "Claude Code", "claude_code_analytics")]
    classes = {t for (t,) in query(claude_code_db, "select distinct x_token_type from marts.fct_ai_cost")}
    assert classes == {"input", "output", "cache_read", "cache_write"}


def test_claude_code_acceptance_is_kept_and_a_bad_row_quarantined(claude_code_db: Path) -> None:
    assert query(claude_code_db, """
        select count(*), sum(tool_actions_accepted), sum(tool_actions_rejected)
        from staging.stg_anthropic__claude_code_activity""") == [(20, 1253, 187)]  # fmt: skip
    assert query(claude_code_db, "select source, row_number, reasons from raw._quarantine") == [
        ("claude_code_analytics", 11, "model_breakdown: estimated_cost.amount not a non-negative number of cents")
    ]


# ---------------------------------------------------------------- with the demo's sources


def test_every_gateway_source_builds_with_the_demo_and_conservation_holds(
    built_demo: BuiltDemo, tmp_path: Path
) -> None:
    db = tmp_path / "demo_and_gateways.duckdb"
    shutil.copy(built_demo.db, db)
    ((demo_billed,),) = query(db, "select sum(BilledCost) from marts.fct_ai_cost")
    demo_gateway_estimate = by_source(db)["litellm_spend_logs"][2]  # the demo's own LiteLLM logs
    ingest_and_build(db, *LITELLM, *OPENROUTER, *CLAUDE_CODE)
    assert ledger_ties_to_billed(db) == demo_billed + OPENROUTER_BILLED
    sources = by_source(db)
    # both exports, JSON Lines and CSV, beside the demo's
    assert sources["litellm_spend_logs"][2] == demo_gateway_estimate + LITELLM_ESTIMATE
    assert sources["claude_code_analytics"][2] == CLAUDE_CODE_ESTIMATE
    assert sources["openrouter_activity"][1] == OPENROUTER_BILLED
