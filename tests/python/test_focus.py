"""FOCUS 1.0-1.3 bills (CSV and Parquet): every line loads with its exact money, AI lines reach the marts, a tagged
line is attributed direct, a restated billing period replaces the older file, and a FOCUS bill builds alone."""

from __future__ import annotations

import csv
import datetime as dt
import gzip
import io
import json
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import duckdb
import pytest
from conftest import FIXTURES, query, run_cli
from test_real_company import ingest_and_build, ledger_ties_to_billed

from ingest.detect import detect

FOCUS = FIXTURES / "focus"
SAMPLE_1_0 = FOCUS / "focus-1.0_sample_1000.csv.gz"
AWS_1_2 = FOCUS / "focus_1.2_aws.csv"
AZURE_1_3 = FOCUS / "focus_1.3_azure.csv"
SHARED_SAMPLE = Path("/work/shared/reference/focus-samples/focus-1.0_sample_1000.csv")
KEPT = Decimal("0.000000000001")  # DECIMAL(38,12)


def rows_of(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    text = gzip.decompress(path.read_bytes()).decode() if path.suffix == ".gz" else path.read_text()
    reader = csv.DictReader(io.StringIO(text))
    return list(reader.fieldnames or []), list(reader)


def write_rows(path: Path, header: list[str], rows: list[dict[str, str]]) -> Path:
    with path.open("w", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=header, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    return path


def exact_sum(path: Path, column: str = "BilledCost") -> Decimal:
    return sum((Decimal(r[column]) for r in rows_of(path)[1] if r[column] not in ("", "NULL")), Decimal(0))


def kept_sum(path: Path, column: str = "BilledCost") -> Decimal:
    """The documented rounding (ingest/money_scale.py): each value once to 12 decimals, half away from zero."""
    values = [Decimal(r[column]) for r in rows_of(path)[1] if r[column] not in ("", "NULL")]
    return sum((v.quantize(KEPT, rounding=ROUND_HALF_UP) for v in values), Decimal(0))


def restated_aws(tmp: Path) -> Path:
    """AWS re-delivers May 2026: the Bedrock input line is now 1.75 and the NAT gateway line is gone."""
    header, rows = rows_of(AWS_1_2)
    rows = [r for r in rows if r["ChargeDescription"] != "NAT gateway data processed"]
    for r in rows:
        if r["SkuMeter"] == "USE1-Claude3.5Sonnet-input-tokens":
            for column in ("BilledCost", "EffectiveCost", "ListCost", "ContractedCost"):
                r[column] = "1.75"
    return write_rows(tmp / "focus_1.2_aws_restated.csv", header, rows)


@pytest.fixture(scope="module")
def alone(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A warehouse with FOCUS bills only (1.0, 1.2 and its restatement, 1.3), built: (db, restated file)."""
    tmp = tmp_path_factory.mktemp("focus_alone")
    db, restated = tmp / "focus.duckdb", restated_aws(tmp)
    first = run_cli("ingest", SAMPLE_1_0, AWS_1_2, AZURE_1_3, "--db", db)
    assert first.exit_code == 0, first.output
    ingest_and_build(db, restated)
    return db, restated


@pytest.fixture(scope="module")
def with_outcomes(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """FOCUS beside an Anthropic bill, GitHub PRs and Jira issues, built."""
    db = tmp_path_factory.mktemp("focus_outcomes") / "focus.duckdb"
    ingest_and_build(
        db, AWS_1_2, FIXTURES / "anthropic/cost_report_two_days.json", FIXTURES / "github/gh_pr_list.json",
        FIXTURES / "jira/search_page.json",
    )  # fmt: skip
    return db


# ---------------------------------------------------------------- loading


def test_the_finops_sample_loads_every_row_with_its_exact_total(alone: tuple[Path, Path]) -> None:
    db, _ = alone
    if SHARED_SAMPLE.exists():  # the fixture is the FinOps Foundation's file, unchanged
        assert gzip.decompress(SAMPLE_1_0.read_bytes()) == SHARED_SAMPLE.read_bytes()
    assert exact_sum(SAMPLE_1_0) == Decimal("20.52022672899")
    assert kept_sum(SAMPLE_1_0) == Decimal("20.52022672899")  # 11 decimals at most: nothing to round
    ((rows, billed, files),) = query(db, """
        select count(*), sum(BilledCost), count(distinct _file_sha256) from raw.focus__cost_lines
        where _file_name = 'focus-1.0_sample_1000.csv.gz'""")  # fmt: skip
    assert (rows, billed, files) == (1000, Decimal("20.520226728990"), 1)
    ((read, loaded, quarantined, residue),) = query(db, """
        select rows_read, rows_loaded, rows_quarantined, money_rounding_residue from raw._ingest_files
        where file_name = 'focus-1.0_sample_1000.csv.gz'""")  # fmt: skip
    assert (read, loaded, quarantined) == (1000, 1000, 0)
    # quantities with 15 decimals round once; their exact residue is kept, money had none to round
    assert json.loads(residue) == {"ConsumedQuantity": "0.000000000000057"}


def test_the_word_null_is_null_and_unknown_columns_are_kept(alone: tuple[Path, Path]) -> None:
    db, _ = alone
    sample = "_file_name = 'focus-1.0_sample_1000.csv.gz'"
    ((null_tags, null_zone, null_class, word_null, ids),) = query(db, f"""
        select count(*) filter (where Tags is null), count(*) filter (where AvailabilityZone is null),
               count(*) filter (where ChargeClass is null),
               count(*) filter (
                   where 'NULL' in (Tags, AvailabilityZone, ChargeClass, CommitmentDiscountId, ResourceId)),
               count(distinct json_extract_string(_extra, '$.Id'))
        from raw.focus__cost_lines where {sample}""")  # fmt: skip
    assert (null_tags, null_zone, null_class, word_null, ids) == (289, 893, 1000, 0, 1000)
    # FOCUS 1.0 has no PricingCurrency (1.2) nor ServiceProviderName (1.3): null, not an error
    assert query(db, f"select count(PricingCurrency), count(ServiceProviderName) from raw.focus__cost_lines "
                     f"where {sample}") == [(0, 0)]  # fmt: skip
    assert query(db, "select count(ServiceProviderName), count(ContractApplied) from raw.focus__cost_lines "
                     "where _file_name = 'focus_1.3_azure.csv'") == [(8, 2)]  # fmt: skip


def test_fourteen_decimals_round_once_half_away_from_zero(tmp_path: Path) -> None:
    db = tmp_path / "w.duckdb"
    assert run_cli("ingest", AWS_1_2, "--db", db).exit_code == 0
    assert exact_sum(AWS_1_2) == Decimal("1174.44061400000050")
    assert kept_sum(AWS_1_2) == Decimal("1174.440614000001")
    ((billed, cache_read),) = query(db, """
        select sum(BilledCost), max(BilledCost) filter (where SkuMeter like '%cache-read%')
        from raw.focus__cost_lines""")  # fmt: skip
    assert (billed, cache_read) == (Decimal("1174.440614000001"), Decimal("0.060000000001"))
    ((rounded, residue),) = query(db, "select money_values_rounded, money_rounding_residue from raw._ingest_files")
    residue_of = {k: Decimal(v) for k, v in json.loads(residue).items()}
    assert rounded == 4  # BilledCost, EffectiveCost, ListCost, ContractedCost of the cache-read line
    assert residue_of["BilledCost"] == Decimal("-0.0000000000005")  # kept + residue = the file, to the digit
    assert billed + residue_of["BilledCost"] == exact_sum(AWS_1_2)


def test_json_in_csv_and_a_pricing_currency_apart_from_billing(alone: tuple[Path, Path]) -> None:
    db, _ = alone
    ((tags, details, contract),) = query(db, """
        select Tags, SkuPriceDetails, ContractApplied from raw.focus__cost_lines
        where ChargeDescription = 'Hot LRS data stored'""")  # fmt: skip
    assert json.loads(tags) == {"Environment": "dev", "CostCenter": "cc-1042", "Owner": "team-payments"}
    assert json.loads(details) == {"StorageClass": "Hot", "Redundancy": "Local"}
    assert json.loads(contract, parse_float=Decimal)["Elements"][0]["ContractCommitmentAppliedCost"] == Decimal(
        "124.61563281600000"
    )
    assert query(
        db,
        """
        select billing_currency, pricing_currency, billed_cost, pricing_currency_effective_cost
        from staging.stg_focus__cost_lines where pricing_currency <> billing_currency""",
    ) == [("USD", "EUR", Decimal("3.000000000000"), Decimal("2.760000000000"))]


def test_a_parquet_export_loads_like_its_csv(tmp_path: Path) -> None:
    """Money as DECIMAL, times as TIMESTAMPTZ and Tags as a MAP, as Parquet exports type them."""
    parquet = tmp_path / "focus_1.3_azure.parquet"
    header, _ = rows_of(AZURE_1_3)
    money = {"BilledCost", "EffectiveCost", "ListCost", "ContractedCost"}
    times = {"BillingPeriodStart", "BillingPeriodEnd", "ChargePeriodStart", "ChargePeriodEnd"}

    def typed(name: str) -> str:
        if name in money:
            return f'cast("{name}" as DECIMAL(38,14)) as "{name}"'
        if name in times:
            return f'cast("{name}" as TIMESTAMPTZ) as "{name}"'
        if name == "Tags":
            return 'cast(json("Tags") as MAP(VARCHAR, VARCHAR)) as "Tags"'
        return f'"{name}"'

    with duckdb.connect() as con:
        con.execute("set TimeZone = 'UTC'")
        con.execute(f"""copy (select {", ".join(typed(h) for h in header)}
                             from read_csv('{AZURE_1_3}', all_varchar = true)) to '{parquet}' (format parquet)""")
    assert detect(parquet).name == "focus"
    db = tmp_path / "w.duckdb"
    result = run_cli("ingest", parquet, "--db", db)
    assert result.exit_code == 0, result.output
    assert "8 rows loaded, 0 quarantined" in result.output
    ((billed, start, tags),) = query(db, """
        select sum(BilledCost), min(ChargePeriodStart),
               max(Tags) filter (where ChargeDescription = 'Hot LRS data stored')
        from raw.focus__cost_lines""")  # fmt: skip
    assert billed == exact_sum(AZURE_1_3) == Decimal("188.3172597976")
    assert str(start) == "2026-05-01 00:00:00+00:00"
    assert json.loads(tags) == {"Environment": "dev", "CostCenter": "cc-1042", "Owner": "team-payments"}


def test_bad_rows_are_quarantined_with_a_reason_and_credits_load(tmp_path: Path) -> None:
    header, rows = rows_of(AWS_1_2)
    bedrock = next(r for r in rows if r["SkuMeter"] == "USE1-Claude3.5Sonnet-input-tokens")
    bad = [
        {**bedrock, "BilledCost": "1,50", "Tags": ""},
        {**bedrock, "BilledCost": "-1.50", "Tags": ""},  # negative usage money for positive consumption
        {**bedrock, "BillingCurrency": "XXX", "Tags": ""},
        {**bedrock, "ChargeCategory": "Refund", "Tags": ""},
        {**bedrock, "ChargePeriodEnd": "2026-05-11T00:00:00Z", "Tags": ""},
    ]
    path = write_rows(tmp_path / "focus_bad.csv", header, rows + bad)
    db = tmp_path / "w.duckdb"
    result = run_cli("ingest", path, "--db", db)
    assert result.exit_code == 3  # quarantined billed money: loaded, and said
    assert "9 rows loaded, 5 quarantined" in result.output, result.output
    assert query(db, "select row_number, reasons from raw._quarantine order by row_number") == [
        (10, "BilledCost: not a valid DECIMAL(38,12)"),
        (11, "BilledCost: negative on a usage charge"),
        (12, "BillingCurrency: unknown currency code"),
        (13, "ChargeCategory: not one of Usage, Purchase, Tax, Credit, Adjustment"),
        (14, "ChargePeriodEnd: not after ChargePeriodStart"),
    ]
    assert query(db, "select BilledCost from raw.focus__cost_lines where ChargeCategory = 'Credit'") == [
        (Decimal("-1.250000000000"),)
    ]


def test_a_file_without_a_mandatory_column_is_refused(tmp_path: Path) -> None:
    header, rows = rows_of(AWS_1_2)
    path = write_rows(tmp_path / "focus_no_currency.csv", [h for h in header if h != "ChargePeriodEnd"],
                      [{k: v for k, v in r.items() if k != "ChargePeriodEnd"} for r in rows])  # fmt: skip
    result = run_cli("ingest", path, "--source", "focus", "--db", tmp_path / "w.duckdb")
    assert result.exit_code == 2
    assert "ChargePeriodEnd" in result.output and "required column is missing" in result.output


def test_a_restated_billing_period_replaces_the_older_file(alone: tuple[Path, Path]) -> None:
    db, restated = alone
    ((superseded,),) = query(db, "select rows_superseded from raw._ingest_files where file_name = ?", [restated.name])
    assert superseded == 9  # every line of the first May export of both billing accounts
    assert query(
        db,
        """
        select sum(billed_cost), count(*) from staging.stg_focus__cost_lines
        where provider_name = 'AWS' and billing_period_start_at = '2026-05-01'""",
    ) == [(kept_sum(restated), 8)]
    assert kept_sum(restated) == Decimal("1163.957212000001")


# ---------------------------------------------------------------- the marts


def test_ai_lines_and_the_rest_of_the_bill(alone: tuple[Path, Path]) -> None:
    db, _ = alone
    assert query(
        db,
        """
        select x_is_ai, count(*), sum(billed_cost) from intermediate.int_cost__focus_lines
        group by all order by 1""",
    ) == [
        (False, 1000, Decimal("1363.286596088370")),
        (True, 16, Decimal("9.508102438221")),
    ]
    # the whole bill: the FinOps sample, the restated AWS month, the Azure month
    ((whole,),) = query(db, "select sum(billed_cost) from intermediate.int_cost__focus_lines")
    assert whole == Decimal("20.52022672899") + Decimal("1163.957212000001") + Decimal("188.3172597976")
    assert query(
        db,
        """
        select x_model, x_token_type, BilledCost, ConsumedQuantity, ConsumedUnit, x_principal_kind
        from marts.fct_ai_cost where x_source = 'focus' and x_model is not null
        order by x_model, x_token_type, BilledCost""",
    ) == [
        ("claude-3-5-sonnet", "cache_read", Decimal("0.060000000001"), Decimal("200000"), "Tokens", "cloud_principal"),
        ("claude-3-5-sonnet", "input", Decimal("1.75"), Decimal("500000"), "Tokens", "cloud_principal"),
        ("claude-sonnet-4-5", "output", Decimal("3"), Decimal("200000"), "Tokens", "cloud_principal"),
        ("gpt-4o-0806", "output", Decimal("-0.4"), Decimal("40000"), "Tokens", "cloud_principal"),
        ("gpt-4o-0806", "output", Decimal("4"), Decimal("400000"), "Tokens", "cloud_principal"),
        ("gpt-4o-2024-08-06", "input", Decimal("2.5"), Decimal("1000000"), "Tokens", "cloud_principal"),
    ]


def test_a_focus_bill_alone_conserves_its_ai_cost(alone: tuple[Path, Path]) -> None:
    db, _ = alone
    assert ledger_ties_to_billed(db) == Decimal("-0.15189756178") + Decimal("3.560000000001") + Decimal("6.1")
    assert query(
        db,
        """
        select cast(date_trunc('month', x_charge_date) as date), sum(BilledCost) from marts.fct_ai_cost
        group by all order by 1""",
    ) == [
        (dt.date(2024, 9, 1), Decimal("-0.151897561780")),
        (dt.date(2026, 5, 1), Decimal("9.660000000001")),
    ]


def test_a_line_tagged_with_a_pr_or_jira_key_is_attributed_direct(with_outcomes: Path) -> None:
    db = with_outcomes
    assert query(
        db,
        """
        select outcome_id, sum(allocated_cost) from marts.fct_cost_allocation
        where method = 'direct' group by all order by 1""",
    ) == [
        ("github:acme/billing#4821", Decimal("1.560000000001")),
        ("jira:PAY-312", Decimal("3.000000000000")),
    ]
    total = ledger_ties_to_billed(db)  # with the Anthropic bill beside it, every month still ties
    ((focus_ai,),) = query(db, "select sum(BilledCost) from marts.fct_ai_cost where x_source = 'focus'")
    assert focus_ai == Decimal("3.310000000001") and total > focus_ai
