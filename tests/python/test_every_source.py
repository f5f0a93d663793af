"""Every source at once, beside the demo company's own: each new reader's fixtures loaded into one warehouse with
the demo's provider bills, PRs, issues and directory, one real `dbt build`. Conservation holds across all of them,
each source reaches the cost lines or the outcomes, and billed and estimated money stay apart."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from conftest import FIXTURES, BuiltDemo, query
from test_money import billed_in_files
from test_real_company import ingest_and_build, ledger_ties_to_billed

from ingest.demo.aws_cur import INFRA_ACCOUNT, PAYER_ACCOUNT

NEW_SOURCE_FILES = (
    "focus/focus_1.2_aws.csv", "focus/focus_1.3_azure.csv",
    "aws_cur/cur_2026-09.csv", "aws_cur/cur_2026-10.csv",
    "azure/cost_details_mca_2026-10.csv", "gcp/billing_export_202610.jsonl",
    "litellm/litellm_spend_logs.jsonl", "openrouter/openrouter_activity.json",
    "claude_code/claude_code_page1.json", "claude_code/claude_code_page2.json",
    "seats/seats.csv", "seats/copilot_usage.json", "seats/copilot_seats.json",
    "cursor/usage_events.json", "cursor/usage_export.csv",
    "linear/issues_two_pages.json", "zendesk/incremental_two_pages.json", "zendesk/ticket_metrics.json",
    "costper_outcomes/outcomes.csv",
    "copilot/premium_requests_org_2026_10.json", "copilot/premium_requests_user_dana_2026_10.json",
    "copilot/users_1_day_2026_10.ndjson",
)  # fmt: skip
# The demo's own AWS bill, gateway logs and Zendesk export load beside the fixtures (distinct accounts, request and
# ticket ids); its seats CSV does not: a seats CSV is a snapshot of every seat, so the fixture's would replace it.
DEMO_PARTS = ("anthropic", "openai", "aws", "github", "jira", "litellm", "zendesk", "people.csv", "aliases.csv")
DEMO_BILLS = ("anthropic", "openai", "aws")


@pytest.fixture(scope="module")
def every_source(built_demo: BuiltDemo, tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("every_source") / "every.duckdb"
    demo = [built_demo.data_dir / part for part in DEMO_PARTS]
    # exit 3: the Cursor CSV's unreadable Cost row is billed money in quarantine
    ingest_and_build(db, *demo, *(FIXTURES / f for f in NEW_SOURCE_FILES), exit_code=3)
    return db


def test_the_ledger_ties_to_billed_ai_spend_across_every_source(every_source: Path, built_demo: BuiltDemo) -> None:
    billed = ledger_ties_to_billed(every_source)
    demo_billed = sum(billed_in_files(built_demo.data_dir, DEMO_BILLS).values(), Decimal(0))
    ((new_sources,),) = query(every_source, f"""
        select sum(BilledCost) from marts.fct_ai_cost
        where x_source not in ('anthropic_cost_report', 'openai_costs')
          and not (x_source = 'aws_cur' and SubAccountId in ('{PAYER_ACCOUNT}', '{INFRA_ACCOUNT}'))""")  # fmt: skip
    assert billed == demo_billed + new_sources
    assert new_sources > 0


def test_every_cost_source_reaches_the_cost_lines(every_source: Path) -> None:
    sources = {s for (s,) in query(every_source, "select distinct x_source from intermediate.int_cost__lines_resolved")}
    assert sources >= {
        "anthropic_cost_report", "openai_costs", "focus", "aws_cur", "azure_cost_details", "gcp_billing_export",
        "litellm_spend_logs", "openrouter_activity", "claude_code_analytics", "costper_seats",
        "github_copilot_usage", "github_copilot_seats", "cursor_usage_events", "cursor_usage_csv",
        "github_copilot_premium_requests",
    }, sources  # fmt: skip


def test_billed_and_estimated_money_stay_apart(every_source: Path) -> None:
    # an estimated line bills nothing and carries its estimate apart; a billed line has no estimate
    assert query(every_source, """
        select x_source, count(*) from marts.fct_ai_cost
        where (x_cost_is_estimated and (BilledCost <> 0 or x_estimated_cost is null))
           or (not x_cost_is_estimated and x_estimated_cost is not null)
        group by 1""") == []  # fmt: skip
    estimated = dict(query(every_source, """
        select x_source, sum(x_estimated_cost) from marts.fct_ai_cost where x_cost_is_estimated group by 1"""))
    assert set(estimated) == {"litellm_spend_logs", "claude_code_analytics"}
    assert estimated["claude_code_analytics"] == Decimal("155.6682")  # 15,566.82 cents
    ((team_spend_estimated,),) = query(every_source, "select sum(estimated_cost) from marts.mart_team_spend")
    assert team_spend_estimated == sum(estimated.values())


def test_non_ai_lines_of_a_cloud_bill_reach_finance_not_the_ledger(every_source: Path) -> None:
    ((non_ai, in_ai_fact),) = query(every_source, """
        select (select sum(BilledCost) from intermediate.int_cost__lines_resolved where not x_is_ai),
               (select count(*) from marts.fct_ai_cost where not x_is_ai)""")  # fmt: skip
    assert non_ai > 0 and in_ai_fact == 0
    ((chargeback, ai_part, lines_total, ai_total),) = query(every_source, """
        select (select sum(billed_cost) from marts.mart_finance_chargeback where allocation_basis <> 'invoice_credit'),
               (select sum(ai_billed_cost) from marts.mart_finance_chargeback),
               (select sum(BilledCost) from intermediate.int_cost__lines_resolved
                where ChargePeriodStart < timestamptz '2026-11-01 00:00:00+00'),
               (select sum(BilledCost) from marts.fct_ai_cost
                where ChargePeriodStart < timestamptz '2026-11-01 00:00:00+00')""")  # fmt: skip
    assert (chargeback, ai_part) == (lines_total, ai_total)


def test_every_outcome_source_reaches_the_outcomes(every_source: Path) -> None:
    sources = dict(query(every_source, "select source, count(*) from marts.fct_outcomes group by 1"))
    assert {"github", "jira", "linear", "zendesk"} <= set(sources), sources
    assert any(s not in ("github", "jira", "linear", "zendesk") for s in sources), sources  # the outcomes CSV's
