"""AWS CUR 2.0: the whole bill loads, Bedrock and the Marketplace Claude models are AI spend with their model, token
class, tier and tokens parsed from the usage types, a refreshed export of a month replaces it, the IAM principal and
the resource tags say who spent, and a tag naming a PR attributes the line to it directly. Every warehouse here is
built by a real `dbt build`: one with only CUR files, one with the PRs, people and aliases beside them."""

from __future__ import annotations

import csv
import json
from decimal import Decimal
from pathlib import Path

import pytest
from conftest import FIXTURES, query, run_cli
from test_real_company import ingest_and_build, ledger_ties_to_billed

from ingest.detect import detect

CUR = FIXTURES / "aws_cur"
OCTOBER, OCTOBER_EARLY, SEPTEMBER = CUR / "cur_2026-10.csv", CUR / "cur_2026-10_early.csv", CUR / "cur_2026-09.csv"
ALICE = "arn:aws:iam::111122223333:user/alice"
CI_AGENT = "arn:aws:sts::444455556666:assumed-role/ci-agent/pr-4812"


def billed_in_file(path: Path) -> dict[bool, Decimal]:
    """is AI -> billed total, straight from the CSV text with Decimal."""
    totals = {True: Decimal(0), False: Decimal(0)}
    with path.open(newline="") as f:
        for line in csv.DictReader(f):
            product = json.loads(line["product"] or "{}")
            is_ai = (
                line["line_item_product_code"].startswith("AmazonBedrock")
                or line["product_product_family"] == "Amazon Bedrock"
                or "(Amazon Bedrock Edition)" in product.get("product_name", "")
            )
            totals[is_ai] += Decimal(line["line_item_unblended_cost"])
    return totals


@pytest.fixture(scope="module")
def alone(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Only CUR files: October's early export, September, then October's refresh (the newest, loaded last)."""
    db = tmp_path_factory.mktemp("cur_alone") / "cur.duckdb"
    ingest_and_build(db, OCTOBER_EARLY, SEPTEMBER, OCTOBER)
    return db


@pytest.fixture(scope="module")
def with_outcomes(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("cur_outcomes") / "cur.duckdb"
    ingest_and_build(db, OCTOBER, CUR / "people.csv", CUR / "aliases.csv", FIXTURES / "github/gh_pr_list.json")
    return db


def test_cur_export_is_detected_and_nothing_else_is() -> None:
    for path in (OCTOBER, OCTOBER_EARLY, SEPTEMBER):
        assert detect(path).name == "aws_cur"
    assert detect(CUR / "people.csv").name == "costper_people"


def test_negative_usage_money_and_an_unknown_currency_are_quarantined(tmp_path: Path) -> None:
    result = run_cli("ingest", CUR / "cur_bad_rows.csv", "--db", tmp_path / "w.duckdb")
    assert result.exit_code == 3  # billed money in quarantine
    reasons = query(tmp_path / "w.duckdb", "select row_number, reasons from raw._quarantine order by 1")
    assert reasons == [
        (2, "line_item_unblended_cost: negative on a usage charge"),
        (3, "line_item_currency_code: unknown currency code"),
    ]
    assert query(tmp_path / "w.duckdb", "select line_item_unblended_cost from raw.aws__cur_lines") == [
        (Decimal("3.6015"),)
    ]


def test_every_line_loads_and_the_refresh_supersedes_the_early_export(alone: Path) -> None:
    assert query(alone, "select count(*) from raw._quarantine") == [(0,)]
    rows = query(alone, """
        select _file_name, count(*), count(*) filter (where _is_superseded) from raw.aws__cur_lines
        group by 1 order by 1""")  # fmt: skip
    assert rows == [("cur_2026-09.csv", 3, 0), ("cur_2026-10.csv", 42, 0), ("cur_2026-10_early.csv", 11, 11)]


def test_totals_by_ai_equal_the_newest_files_exactly(alone: Path) -> None:
    october, september = billed_in_file(OCTOBER), billed_in_file(SEPTEMBER)
    assert october == {True: Decimal("34.75655"), False: Decimal("123.319380645")}
    totals = dict(query(alone, """
        select x_is_ai, sum(BilledCost) from intermediate.int_cost__lines_resolved where x_source = 'aws_cur'
        group by 1"""))  # fmt: skip
    assert totals == {True: october[True] + september[True], False: october[False] + september[False]}
    assert totals == {True: Decimal("35.29655"), False: Decimal("125.277780645")}
    by_month = dict(query(alone, """
        select strftime(x_charge_date, '%Y-%m'), sum(BilledCost) from intermediate.int_cost__lines_resolved
        group by 1"""))  # fmt: skip
    assert by_month == {"2026-09": sum(september.values()), "2026-10": sum(october.values())}
    # the early export's money is nowhere
    assert query(alone, "select count(*) from staging.stg_aws__cur_lines where billed_cost = 1.111111111111") == [(0,)]


def test_only_ai_lines_reach_fct_ai_cost_and_the_ledger_ties(alone: Path) -> None:
    assert ledger_ties_to_billed(alone) == Decimal("35.29655")
    categories = dict(query(alone, """
        select ChargeCategory, sum(BilledCost) from marts.fct_ai_cost group by 1"""))  # fmt: skip
    assert categories == {"Usage": Decimal("34.59655"), "Tax": Decimal("0.95"), "Credit": Decimal("-0.25")}
    services = query(alone, "select distinct ServiceCategory from marts.fct_ai_cost")
    assert services == [("AI and Machine Learning",)]


# usage type -> (model, the provider's word for the token class, x_token_type, tier, batch, cross-region)
PARSED = {
    "USW2-MP:USW2_InputTokenCount-Units": ("claude-3-5-sonnet", "inputtokencount", "input", "standard", False, False),
    "USW2-MP:USW2_OutputTokenCount-Units":
        ("claude-3-5-sonnet", "outputtokencount", "output", "standard", False, False),
    "USW2-MP:USW2_CacheReadInputTokenCount-Units":
        ("claude-3-5-sonnet", "cachereadinputtokencount", "cache_read", "standard", False, False),
    "USW2-MP:USW2_CacheWriteInputTokenCount-Units":
        ("claude-3-5-sonnet", "cachewriteinputtokencount", "cache_write", "standard", False, False),
    "USE1-MP:USE1_InputTokenCount_Global-Units":
        ("claude-sonnet-4-6", "inputtokencount", "input", "standard", False, True),
    "USE1-MP:USE1_OutputTokenCount_Global-Units":
        ("claude-sonnet-4-6", "outputtokencount", "output", "standard", False, True),
    "USE1-MP:USE1_CacheReadInputTokenCount_Global-Units":
        ("claude-sonnet-4-6", "cachereadinputtokencount", "cache_read", "standard", False, True),
    "USW2-Claude4.5Haiku-cache-write-input-token-count-cross-region-global":
        ("claude-haiku-4-5", "cache-write-input-token-count", "cache_write", "standard", False, True),
    "USE1-Nova2.0Lite-input-tokens": ("nova-2.0-lite", "input-tokens", "input", "standard", False, False),
    "USE1-Nova2.0Lite-output-tokens": ("nova-2.0-lite", "output-tokens", "output", "standard", False, False),
    "USE1-Nova2.0Lite-input-tokens-flex": ("nova-2.0-lite", "input-tokens", "input", "flex", False, False),
    "USE1-Nova2.0Pro-input-tokens-cross-region-global-batch":
        ("nova-2.0-pro", "input-tokens", "input", "standard", True, True),
    "USE1-Llama3.3-70B-input-tokens": ("llama-3.3-70b-instruct", "input-tokens", "input", "standard", False, False),
    "USE1-Llama3.3-70B-output-tokens": ("llama-3.3-70b-instruct", "output-tokens", "output", "standard", False, False),
    "USE2-Llama3.1-405B-output-tokens-latency-optimized":
        ("llama-3.1-405b", "output-tokens", "output", "latency_optimized", False, False),
    "USE1-openai.gpt-oss-120b-mantle-input-tokens-standard":
        ("gpt-oss-120b", "input-tokens", "input", "standard", False, False),
}  # fmt: skip

# October's tokens per usage type: 1K-token units (Claude 3.5, Nova, Llama) times 1,000, 1M-token units (Claude
# Sonnet 4.6) times 1,000,000, tokens (Claude Haiku 4.5, gpt-oss) as they are
OCTOBER_TOKENS = {
    "USW2-MP:USW2_InputTokenCount-Units": "2000500",  # 1,200.5K + 800K
    "USW2-MP:USW2_OutputTokenCount-Units": "155250",
    "USW2-MP:USW2_CacheReadInputTokenCount-Units": "10000000",
    "USW2-MP:USW2_CacheWriteInputTokenCount-Units": "600000",
    "USE1-MP:USE1_InputTokenCount_Global-Units": "1850000",  # 1.85M
    "USE1-MP:USE1_OutputTokenCount_Global-Units": "120000",
    "USE1-MP:USE1_CacheReadInputTokenCount_Global-Units": "4200000",
    "USW2-Claude4.5Haiku-cache-write-input-token-count-cross-region-global": "250000",
    "USE1-Nova2.0Lite-input-tokens": "6800000",
    "USE1-Nova2.0Lite-output-tokens": "820000",
    "USE1-Nova2.0Lite-input-tokens-flex": "1000000",
    "USE1-Nova2.0Pro-input-tokens-cross-region-global-batch": "20000000",
    "USE1-Llama3.3-70B-input-tokens": "1500000",
    "USE1-Llama3.3-70B-output-tokens": "200000",
    "USE2-Llama3.1-405B-output-tokens-latency-optimized": "40000",
    "USE1-openai.gpt-oss-120b-mantle-input-tokens-standard": "3000000",
}


def test_model_token_class_and_tier_per_usage_type(alone: Path) -> None:
    rows = query(alone, """
        select distinct s.usage_type, l.model_name, l.provider_token_type, l.x_token_type, s.service_tier, s.is_batch,
               s.is_cross_region
        from intermediate.int_cost__aws_cur_lines l join staging.stg_aws__cur_lines s using (cost_line_id)
        where s.line_item_type = 'Usage' and l.consumed_unit = 'Tokens'""")
    assert {r[0]: r[1:] for r in rows} == PARSED and len(rows) == len(PARSED)


def test_token_quantities_are_tokens_whatever_the_pricing_unit(alone: Path) -> None:
    rows = query(alone, """
        select s.usage_type, sum(l.consumed_quantity)
        from intermediate.int_cost__aws_cur_lines l join staging.stg_aws__cur_lines s using (cost_line_id)
        where s.line_item_type = 'Usage' and l.consumed_unit = 'Tokens' and l.charge_date >= date '2026-10-01'
        group by 1""")
    assert {u: q for u, q in rows} == {u: Decimal(q) for u, q in OCTOBER_TOKENS.items()}


def test_ai_lines_without_tokens_and_the_rest_of_the_bill(alone: Path) -> None:
    rows = query(alone, """
        select ChargeDescription, x_model, x_token_type, ConsumedUnit, ChargeCategory, BilledCost
        from marts.fct_ai_cost where coalesce(ConsumedUnit, '') <> 'Tokens' order by ChargeDescription""")
    assert rows == [
        ("AWS Activate credit", "nova-2.0-lite", "input", None, "Credit", Decimal("-0.25")),
        ("AgentCore Runtime vCPU-hours", None, "other", "vCPU-Hours", "Usage", Decimal("1.125")),
        ("Tax for product code AmazonBedrock", None, "other", None, "Tax", Decimal("0.11")),
        ("Tax for product code prod-7zq2claude35sonnet", "claude-3-5-sonnet", "other", None, "Tax", Decimal("0.84")),
    ]
    non_ai = query(alone, """
        select ServiceCategory, ChargeCategory, sum(BilledCost), count(x_token_type), count(x_model)
        from intermediate.int_cost__lines_resolved where not x_is_ai group by all order by all""")
    assert non_ai == [
        ("Compute", "Adjustment", Decimal("-6.8544"), 0, 0),  # the Savings Plan negations
        ("Compute", "Credit", Decimal("-2"), 0, 0),
        ("Compute", "Tax", Decimal("0.7"), 0, 0),
        ("Compute", "Usage", Decimal("12.7296"), 0, 0),  # m7g on demand (3 days) and c7g covered by the plan
        ("Other", "Purchase", Decimal("100"), 0, 0),  # the support fee
        ("Storage", "Credit", Decimal("-0.5"), 0, 0),  # the S3 refund
        ("Storage", "Tax", Decimal("1.13"), 0, 0),
        ("Storage", "Usage", Decimal("20.072580645"), 0, 0),  # EBS and S3
    ]
    ((effective, listed),) = query(alone, """
        select sum(EffectiveCost), sum(ListCost) from intermediate.int_cost__unified""")
    # net unblended (no discount in the fixture) is the billed total; on-demand prices the plan's hours at 0 on the
    # negation lines and never discounts the credits and fees
    assert effective == Decimal("160.57433064500") and listed == Decimal("167.428730645")


def test_principal_sub_account_and_team_hint(alone: Path) -> None:
    rows = query(alone, """
        select x_principal_kind, x_principal_id, SubAccountId, x_team_hint, count(*), sum(BilledCost)
        from intermediate.int_cost__unified where x_is_ai group by all order by all""")
    assert rows == [
        ("cloud_account", "111122223333", "111122223333", None, 3, Decimal("0.7")),  # a credit and two taxes
        ("cloud_account", "444455556666", "444455556666", None, 6, Decimal("10.919")),  # no IAM principal exported
        # tagged user_team or user_costper_team
        ("cloud_principal", ALICE, "111122223333", "data", 13, Decimal("14.48505")),
        ("cloud_principal", ALICE, "111122223333", None, 2, Decimal("0.27")),
        ("cloud_principal", CI_AGENT, "444455556666", "platform", 4, Decimal("8.9225")),  # tags user_team and team
    ]


def test_a_tag_naming_a_pr_is_direct_and_teams_come_from_principal_and_tags(with_outcomes: Path) -> None:
    assert ledger_ties_to_billed(with_outcomes) == Decimal("34.75655")
    direct = query(with_outcomes, """
        select a.outcome_id, count(*), sum(a.allocated_cost) from marts.fct_cost_allocation a
        where a.method = 'direct' group by 1""")
    # the eight Claude 3.5 lines of the data team's tagged inference profile (acme/billing#4821 in user_costper_pr)
    assert direct == [("github:acme/billing#4821", 8, Decimal("13.58025"))]
    teams = dict(query(with_outcomes, """
        select coalesce(x_team_id, '-'), sum(BilledCost) from marts.fct_ai_cost group by 1"""))
    # Alice's IAM user is A1 of team data; the CI agent's role is nobody's, and its lines' tags name platform
    assert teams == {"data": Decimal("14.21505"), "platform": Decimal("8.9225"), "-": Decimal("11.619")}
