"""A real company's files, not the demo's exact mix: any subset of sources builds and tests green, and the
providers' own published shapes (ungrouped OpenAI costs, float money, credits, account-grouped usage, gh output)
reach the marts with exact money. Every warehouse here is built by a real `dbt build`."""

from __future__ import annotations

import os
import re
import subprocess
from decimal import Decimal
from pathlib import Path

import pytest
from conftest import FIXTURES, PROJECT_DIR, BuiltDemo, query, run_cli
from test_money import billed_in_files

from ingest import dbt, warehouse

AS_OF = "2026-11-01"
QUIRKS = FIXTURES / "real_company"


def ingest_and_build(db: Path, *paths: Path, exit_code: int = 0) -> None:
    """exit_code 3: a file leaves billed money in quarantine (the quiet build reports no warning: exit 0)."""
    if paths:
        result = run_cli("ingest", *paths, "--db", db)
        assert result.exit_code == exit_code, result.output
    else:
        with warehouse.connect(db):  # costper opens the warehouse for writing: every raw table exists, empty
            pass
    assert dbt.run("build", db, as_of=AS_OF, args=("--quiet",)) == 0  # plain dbt build, 0 errors


def ledger_ties_to_billed(db: Path) -> Decimal:
    """Per month and currency, the ledger sums to BilledCost exactly; returns the billed total."""
    off = query(db, """
        with billed as (
            select date_trunc('month', x_charge_date) as m, BillingCurrency as c, sum(BilledCost) as v
            from marts.fct_ai_cost group by all),
        ledger as (select charge_month as m, billing_currency as c, sum(allocated_cost) as v
                   from marts.fct_cost_allocation group by all)
        select * from billed full join ledger using (m, c) where billed.v is distinct from ledger.v""")  # fmt: skip
    assert off == []
    ((total,),) = query(db, "select coalesce(sum(BilledCost), 0) from marts.fct_ai_cost")
    return total


# ---------------------------------------------------------------- any subset of sources


def demo_files(data_dir: Path, *parts: str) -> list[Path]:
    return [data_dir / part for part in parts]


SUBSETS = {
    "aliases_without_people": ("anthropic", "openai", "github", "jira", "aliases.csv"),
    "cost_only": ("anthropic", "openai", "aws", "seats", "people.csv", "aliases.csv"),
    "outcomes_only": ("github", "jira", "people.csv", "aliases.csv"),
    "one_provider_no_directory": ("openai",),
    "no_directory": ("anthropic", "openai", "github", "jira"),
}


@pytest.mark.parametrize("subset", sorted(SUBSETS))
def test_any_subset_of_sources_builds_and_ties(subset: str, built_demo: BuiltDemo, tmp_path: Path) -> None:
    db = tmp_path / f"{subset}.duckdb"
    ingest_and_build(db, *demo_files(built_demo.data_dir, *SUBSETS[subset]))
    billed = ledger_ties_to_billed(db)
    bills = {"anthropic": "anthropic", "openai": "openai", "aws": "aws", "seats": "github"}  # the seats: GitHub's bill
    providers = tuple(bills[p] for p in SUBSETS[subset] if p in bills)
    assert billed == sum(billed_in_files(built_demo.data_dir, providers).values(), Decimal(0))
    ((outcomes,),) = query(db, "select count(*) from marts.fct_outcomes")
    reasons = dict(query(db, """
        select coalesce(unattributed_reason, method), sum(allocated_cost)
        from marts.fct_cost_allocation group by 1"""))  # fmt: skip
    if subset == "cost_only":
        # no outcome yet: every cent is unattributed, each with its reason, and the marts still show the spend
        assert outcomes == 0
        # the AWS bill's PR-tagged Bedrock lines wait for their PR (tagged_outcome_not_delivered)
        assert set(reasons) == {"no_outcome_in_flight", "team_without_outcomes", "unknown_principal",
                                "tagged_outcome_not_delivered"}  # fmt: skip
        assert sum(reasons.values()) == billed > Decimal("100000")
        ((spend, unattributed, delivered),) = query(db, """
            select sum(total_cost), sum(unattributed_cost),
                   (select sum(outcome_count) from marts.mart_cost_per_outcome) from marts.mart_team_spend""")
        assert spend == unattributed == billed and delivered == 0
    elif subset == "outcomes_only":
        assert billed == 0 and reasons == {}
        assert outcomes > 2000
        ((costless,),) = query(db, "select count(*) from marts.mart_outcome_cost where attributed_cost = 0")
        assert costless == outcomes
    elif subset == "aliases_without_people":
        # who holds which key and login is known before the HR export: people get their in-flight cost, no team
        assert outcomes > 2000 and reasons["person_in_flight"] > Decimal("50000")
        ((alias_only, in_directory),) = query(db, """
            select count(*) filter (where not is_in_directory), count(*) filter (where is_in_directory)
            from marts.dim_person""")  # fmt: skip
        assert alias_only > 150 and in_directory == 0
    elif subset == "one_provider_no_directory":
        # nobody is known: all of it is unattributed for want of a principal
        assert outcomes == 0 and set(reasons) == {"unknown_principal"}
        assert billed > Decimal("1000")
    else:
        # no directory names the people or the spenders: only spend that names its outcome (a workspace
        # dedicated to an issue) is attributed, directly; the rest waits on unknown_principal
        assert outcomes > 2000 and set(reasons) == {"direct", "unknown_principal"}
        assert Decimal(0) < reasons["direct"] < reasons["unknown_principal"]


def test_empty_warehouse_builds_and_costper_build_says_nothing_is_loaded(tmp_path: Path) -> None:
    db = tmp_path / "empty.duckdb"
    ingest_and_build(db)
    assert query(db, "select count(*) from marts.fct_ai_cost") == [(0,)]
    assert query(db, "select count(*) from marts.mart_cost_per_outcome") == [(0,)]
    result = run_cli("build", "--db", db)
    assert result.exit_code == 0
    assert len(result.output.strip().splitlines()) == 1 and "nothing is loaded" in result.output


# ---------------------------------------------------------------- the providers' own shapes


@pytest.fixture(scope="module")
def quirks(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("quirks") / "quirks.duckdb"
    ingest_and_build(db, *sorted(QUIRKS.iterdir()))
    return db


def test_nothing_is_quarantined_and_the_ledger_ties(quirks: Path) -> None:
    assert query(quirks, "select count(*) from raw._quarantine") == [(0,)]
    # Anthropic 30 + 15 + 1.20 + 12 - 25 (credit) + 5 (Payments) + 1 = 39.20; OpenAI 0.06 (documented example),
    # 0.13080438 + 1.1 - 0.50 (float money kept at 12 decimals, a credit) and 0.04 (a project-level line)
    total = Decimal("39.20") + Decimal("0.06") + Decimal("0.73080438") + Decimal("0.04")
    assert ledger_ties_to_billed(quirks) == total


def test_openai_documented_ungrouped_page_is_the_organisations_unattributed_spend(quirks: Path) -> None:
    rows = query(quirks, """
        select c.x_principal_kind, c.x_principal_id, c.BilledCost, a.method, a.unattributed_reason
        from marts.fct_ai_cost c join marts.fct_cost_allocation a using (cost_line_id)
        where c.x_charge_date = date '2024-11-01'""")  # fmt: skip
    assert rows == [("organization", "organization", Decimal("0.06"), "unattributed", "no_principal_in_export")]


def test_openai_float_money_is_kept_to_twelve_decimals(quirks: Path) -> None:
    rows = query(quirks, """
        select ChargeDescription, BilledCost, ChargeCategory from marts.fct_ai_cost
        where x_source = 'openai_costs' and x_charge_date = date '2026-10-01' and x_distribution = 'billed_line'
        order by BilledCost""")  # fmt: skip
    assert rows == [
        ("Promotional credit", Decimal("-0.5"), "Credit"),
        ("gpt-5-mini-2025-08-07, input", Decimal("0.13080438"), "Usage"),
        ("gpt-5-mini-2025-08-07, output", Decimal("1.1"), "Usage"),
    ]


def test_openai_line_exported_without_keys_goes_to_the_key_that_used_it(quirks: Path) -> None:
    rows = query(quirks, """
        select x_principal_kind, x_principal_id, x_person_id, x_distribution, BilledCost, ConsumedQuantity
        from marts.fct_ai_cost where ChargeDescription = 'gpt-5-mini-2025-08-07, cached input'""")  # fmt: skip
    assert rows == [("api_key", "key_mira", "E1", "usage_share", Decimal("0.04"), Decimal("1600000"))]


def credit_shares(db: Path) -> dict[str, Decimal]:
    """person -> their part of the Anthropic promotional credit."""
    return dict(query(db, """
        select x_person_id, sum(BilledCost) from marts.fct_ai_cost
        where x_distribution = 'credit_share' group by 1"""))  # fmt: skip


def test_credit_is_a_cost_line_that_lowers_the_cost_of_whoever_spent(quirks: Path) -> None:
    """The Anthropic promotional credit names no token type: it is split over the day's spend of its workspace in
    proportion to it (Mira 26.10, Bao 32.10 of 58.20), exactly; the OpenAI credit on a project reaches the team."""
    shares = credit_shares(quirks)
    assert set(shares) == {"E1", "E2"} and sum(shares.values()) == Decimal("-25")
    assert abs(shares["E1"] - Decimal("-25") * Decimal("26.10") / Decimal("58.20")) < Decimal("1e-11")
    categories = query(quirks, """
        select distinct ChargeCategory from marts.fct_ai_cost where x_distribution = 'credit_share'""")
    assert categories == [("Credit",)]
    openai_credit = query(quirks, """
        select c.x_team_id, a.method, a.outcome_id, a.allocated_cost
        from marts.fct_ai_cost c
        join marts.fct_cost_line_buckets b using (cost_line_id)  -- team cost goes through its bucket
        join marts.fct_cost_allocation a on a.allocation_bucket_id = b.allocation_bucket_id
        where c.x_source = 'openai_costs' and c.BilledCost < 0 order by a.outcome_id""")  # fmt: skip
    assert openai_credit == [
        ("platform", "team_period", "github:acme/payments#4821", Decimal("-0.25")),
        ("platform", "team_period", "github:acme/payments#4835", Decimal("-0.25")),
    ]


def test_account_grouped_usage_reaches_the_person_behind_the_account(quirks: Path) -> None:
    rows = query(quirks, """
        select x_principal_kind, x_principal_id, x_person_id, sum(BilledCost) from marts.fct_ai_cost
        where x_source = 'anthropic_cost_report' and x_distribution = 'usage_share' group by all order by 1""")
    assert rows == [
        ("account", "user_01BaoClaudeCode", "E2", Decimal("32.1")),  # 22.50 output + 0.60 1h write + 9.00 input
        ("api_key", "apikey_01Mira", "E1", Decimal("26.1")),  # 7.50 + 15.00 5m write + 0.60 + 3.00
    ]
    credits = dict(query(quirks, """
        select x_principal_kind, count(*) from marts.fct_ai_cost where x_distribution = 'credit_share' group by 1"""))
    assert credits == {"account": 3, "api_key": 4}  # the credit follows each share to its principal


def test_five_minute_and_one_hour_cache_writes_stay_apart(quirks: Path) -> None:
    rows = query(quirks, """
        select x_token_type, x_cache_ttl, SkuMeter, sum(BilledCost), sum(ConsumedQuantity) from marts.fct_ai_cost
        where x_token_type = 'cache_write' group by all order by 2""")  # fmt: skip
    assert rows == [
        ("cache_write", "1h", "cache_creation.ephemeral_1h_input_tokens", Decimal("1.2"), Decimal("2000")),
        ("cache_write", "5m", "cache_creation.ephemeral_5m_input_tokens", Decimal("15"), Decimal("4000")),
    ]


def test_one_model_has_one_canonical_name(quirks: Path) -> None:
    rows = query(quirks, """
        select x_model_canonical, list(distinct x_model order by x_model) from marts.fct_ai_cost
        where x_model is not null group by 1 order by 1""")  # fmt: skip
    assert rows == [
        ("claude-sonnet-4-5", ["claude-sonnet-4-5", "claude-sonnet-4-5-20250929"]),
        ("gpt-5-mini", ["gpt-5-mini-2025-08-07"]),
    ]
    models = query(quirks, "select distinct unnest(models_used) from marts.mart_outcome_cost order by 1")
    assert models == [("claude-sonnet-4-5",), ("gpt-5-mini",)]


def test_gh_view_and_list_without_created_at_are_outcomes(quirks: Path) -> None:
    credit = credit_shares(quirks)
    rows = query(quirks, """
        select outcome_id, person_id, team_id, started_at is null, ai_agent, attributed_cost, is_cost_known,
               missing_cost_source
        from marts.mart_outcome_cost order by outcome_id""")  # fmt: skip
    assert rows == [
        # 26.10 Anthropic + 1.27080438 OpenAI in flight, her part of the Anthropic credit, half the OpenAI one
        ("github:acme/payments#4821", "E1", "platform", False, None,
         Decimal("26.10") + Decimal("1.27080438") + credit["E1"] - Decimal("0.25"), True, None),
        # Copilot's PR: routed to Payments by the repository alias; its cost is billed by GitHub, not loaded,
        # so it takes no share of Payments' team spend either
        ("github:acme/payments#4830", None, "payments", True, "GitHub Copilot coding agent", Decimal("0"), False,
         "github_copilot_billing"),
        # no createdAt: in flight on its merge day only, when the account's 32.10 was spent
        ("github:acme/payments#4835", "E2", "platform", True, None, Decimal("32.10") + credit["E2"] - Decimal("0.25"),
         True, None),
    ]  # fmt: skip


def test_agent_outcomes_billed_elsewhere_are_unknown_not_free(quirks: Path) -> None:
    rows = query(quirks, """
        select team_id, outcome_count, cost_unknown_outcome_count, missing_cost_sources, attributed_cost,
               cost_per_outcome
        from marts.mart_cost_per_outcome
        where period_month = date '2026-10-01' and outcome_type = 'pr_merged' and outcome_count > 0
        order by team_id""")  # fmt: skip
    platform = Decimal("26.10") + Decimal("1.27080438") + Decimal("32.10") - Decimal("25") - Decimal("0.50")
    assert rows == [
        ("payments", 1, 1, ["github_copilot_billing"], Decimal("0"), None),
        ("platform", 2, 0, [], platform, platform / 2),
    ]
    # Payments' own spend found no outcome it could go to: it waits as unattributed, not on the agent's PR
    spend = query(quirks, """
        select total_cost, unattributed_team_without_outcomes_cost from marts.mart_team_spend
        where team_id = 'payments'""")  # fmt: skip
    assert spend == [(Decimal("5"), Decimal("5"))]


def test_plain_dbt_build_on_a_warehouse_costper_never_opened_says_what_to_do(tmp_path: Path) -> None:
    db = tmp_path / "never_opened.duckdb"
    env = {**os.environ, "COSTPER_DB": str(db)}
    argv = [dbt.dbt_executable(), "build", "--project-dir", str(PROJECT_DIR), "--profiles-dir", str(PROJECT_DIR),
            "--target-path", str(tmp_path / "target")]  # fmt: skip
    done = subprocess.run(argv, env=env, cwd=PROJECT_DIR, capture_output=True, text=True, check=False)
    assert done.returncode != 0
    assert re.search(r"\d+ raw tables are missing \(raw\.", done.stdout)
    assert "load files with `costper ingest --db <file>`" in done.stdout
    with warehouse.connect(db):
        pass
    assert dbt.run("build", db, as_of=AS_OF, args=("--quiet",)) == 0
