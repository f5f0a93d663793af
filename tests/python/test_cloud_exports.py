"""Azure cost details and GCP billing exports: fixtures written from the documented shapes (EA and MCA spellings,
M/D/YYYY dates, scientific-notation costs, brace-less tags, unit multipliers; Gemini SKUs, credits, labels, late
rows), each source built ALONE by a real `dbt build`, with exact money and conservation."""

from __future__ import annotations

import shutil
from decimal import Decimal
from pathlib import Path

import duckdb
import pytest
from conftest import FIXTURES, query, run_cli
from test_real_company import ingest_and_build, ledger_ties_to_billed

from ingest.detect import detect
from ingest.readers._spec import Col

AZURE = FIXTURES / "azure"
GCP = FIXTURES / "gcp"
EA, EA_RESTATED, MCA = (AZURE / f"cost_details_{n}.csv" for n in ("ea_2026-10", "ea_2026-10_restated", "mca_2026-10"))
GCP_MONTH, GCP_LATE = GCP / "billing_export_202610.jsonl", GCP / "billing_export_202610_late_rows.jsonl"

# the restated EA month: its first line corrected (16.8 -> 17.1), the storage line gone, a late line of 0.8
EA_RESTATED_LINES = "17.1 9.6 1.5 3.75 25 0.1875 0.5 1.25 0.00001234 0.25 48 10 2 -2 15 5 0.135 0.228 0.142 0.8 4.608"
EA_RESTATED_TOTAL = sum((Decimal(v) for v in EA_RESTATED_LINES.split()), Decimal(0))
EA_VM = Decimal("4.608")  # the one non-AI line left in the restated month
MCA_AI = Decimal("4.8") + Decimal("4.8") + Decimal("0.04") + Decimal("0.5")  # EUR; the disk (0.6358064516) is not AI


@pytest.fixture(scope="module")
def azure(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Only Azure: the EA month, the MCA month and the EA month's restatement loaded after it."""
    db = tmp_path_factory.mktemp("azure") / "azure.duckdb"
    ingest_and_build(db, EA, MCA, EA_RESTATED)
    return db


@pytest.fixture(scope="module")
def gcp(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Only GCP's bill and one merged PR its labels name: the month built, then its newer export (a late row for an
    old day, a cross-over row used in September) loaded with the PR and built again, incrementally."""
    root = tmp_path_factory.mktemp("gcp")
    pr = shutil.copy(FIXTURES / "github" / "gh_pr_view.json", root / "gh_pr_view.json")  # acme/search#912
    db = root / "gcp.duckdb"
    ingest_and_build(db, GCP_MONTH)
    ingest_and_build(db, GCP_LATE, Path(pr))
    return db


# ---------------------------------------------------------------- load path


def test_a_csv_column_names_its_spellings_tried_in_order() -> None:
    col = Col("cost", "DECIMAL(38,12)", path="CostInBillingCurrency|costInBillingCurrency")
    assert col.header_name(["Date", "CostInBillingCurrency"]) == "CostInBillingCurrency"
    assert col.header_name(["date", "costInBillingCurrency"]) == "costInBillingCurrency"
    assert col.header_name(["CostInBillingCurrency", "costInBillingCurrency"]) == "CostInBillingCurrency"
    assert col.header_name(["Cost"]) is None
    assert Col("date", "DATE").header_name(["date"]) == "date"


@pytest.mark.parametrize(
    ("path", "source"),
    [(EA, "azure_cost_details"), (MCA, "azure_cost_details"), (GCP_MONTH, "gcp_billing_export")],
)
def test_cloud_exports_are_detected_by_content(path: Path, source: str) -> None:
    assert detect(path).name == source


@pytest.mark.parametrize("typed", [False, True], ids=["text columns", "typed columns"])
def test_an_azure_parquet_export_loads_the_same_rows_as_its_csv(tmp_path: Path, typed: bool) -> None:
    """Cost Management's Parquet format: the MCA month as an all-text Parquet file, and with the types a Parquet
    writer gives (DATE days, DOUBLE costs and quantities): the same raw rows as the CSV, money exact."""
    parquet = tmp_path / "part_0_0001.parquet"
    types = ("{'date': 'DATE', 'billingPeriodStartDate': 'DATE', 'billingPeriodEndDate': 'DATE', "
             "'quantity': 'DOUBLE', 'effectivePrice': 'DOUBLE', 'costInBillingCurrency': 'DOUBLE', "
             "'costInUsd': 'DOUBLE'}") if typed else "{}"  # fmt: skip
    with duckdb.connect() as con:
        con.execute(f"copy (select * from read_csv('{MCA}', all_varchar = {not typed}, types = {types})) "
                    f"to '{parquet}' (format parquet)")  # fmt: skip
    assert detect(parquet).name == "azure_cost_details"
    columns = "meter_name, usage_date, quantity, cost_in_billing_currency, billing_currency, subscription_id, tags"
    loaded = {}
    for path in (MCA, parquet):
        db = tmp_path / f"{path.suffix[1:]}.duckdb"
        result = run_cli("ingest", path, "--db", db)
        assert result.exit_code == 0, result.output
        loaded[path.suffix] = query(db, f"select {columns} from raw.azure__cost_details order by all")
    assert loaded[".parquet"] == loaded[".csv"]
    assert sum(row[3] for row in loaded[".parquet"]) == MCA_AI + Decimal("0.6358064516")


def test_an_export_without_a_required_column_names_both_spellings(tmp_path: Path) -> None:
    bad = tmp_path / "no_cost.csv"
    bad.write_text("Date,MeterName,CostInBillingCurrency\n10/1/2026,x,1\n")
    result = run_cli("ingest", bad, "--db", tmp_path / "w.duckdb", "--source", "azure_cost_details")
    assert result.exit_code == 2
    assert "BillingPeriodStartDate or billingPeriodStartDate" in result.output


@pytest.mark.parametrize(("amount", "exit_code"), [("0", 0), ("2.5", 3)])
def test_quarantined_money_is_found_under_either_spelling(tmp_path: Path, amount: str, exit_code: int) -> None:
    """A quarantined row of an MCA file (costInBillingCurrency) holds billed money unless its amount is zero."""
    bad = tmp_path / "mca.csv"
    bad.write_text(
        "date,billingPeriodStartDate,billingPeriodEndDate,meterName,costInBillingCurrency,billingCurrencyCode\n"
        "2026-10-01,2026-10-01,2026-10-31,a,1.5,USD\n"
        f"2026-10-01,2026-10-01,2026-10-31,b,{amount},XXX\n"
    )
    result = run_cli("ingest", bad, "--db", tmp_path / "w.duckdb")
    assert result.exit_code == exit_code, result.output
    assert query(tmp_path / "w.duckdb", "select reasons from raw._quarantine") == [
        ("BillingCurrencyCode: unknown currency code",)
    ]


def test_ea_dates_and_scientific_costs_are_read_exactly(azure: Path) -> None:
    rows = query(azure, """
        select usage_date, cost_in_billing_currency from raw.azure__cost_details
        where meter_name in ('o3 0416 Outp glbl', 'Hot LRS Data Stored')
        order by _file_name, meter_name""")  # fmt: skip
    assert [(str(d), c) for d, c in rows] == [
        ("2026-10-02", Decimal("0.00456775")),  # 4.56775E-03 (the EA month, later superseded)
        ("2026-10-04", Decimal("0.00001234")),  # 1.234E-05
        ("2026-10-04", Decimal("0.00001234")),  # and again in the restatement
    ]
    assert query(azure, "select count(*) from raw._quarantine") == [(0,)]


# ---------------------------------------------------------------- Azure


def test_azure_meters_give_model_token_class_and_tokens(azure: Path) -> None:
    rows = query(azure, """
        select charge_description, model_name, x_token_type, consumed_quantity, consumed_unit
        from intermediate.int_cost__azure_lines where x_is_ai and charge_date < date '2026-10-06'
        order by charge_date, charge_description""")  # fmt: skip
    assert rows == [
        ("gpt 4.1 Inp glbl Tokens", "gpt-4.1", "input", Decimal(8_400_000), "Tokens"),  # 8400 x 1K
        ("gpt 4.1 Outp glbl Tokens", "gpt-4.1", "output", Decimal(1_200_000), "Tokens"),
        ("gpt 4.1 cached Inp glbl Tokens", "gpt-4.1", "cache_read", Decimal(3_000_000), "Tokens"),
        ("gpt 4o 0806 Outp glbl Tokens", "gpt-4o-0806", "output", Decimal(2_500_000), "Tokens"),  # 2.5 x 1M
        ("gpt-4o-0513 Inp regional Tokens", "gpt-4o-0513", "input", Decimal(1_500_000), "Tokens"),  # 150 x 10K
        ("GPT 5 Mini Inpt Glbl 1M Tokens", "gpt-5-mini", "input", Decimal(750_000), "Tokens"),
        ("GPT 5 outpt Glbl 1M Tokens", "gpt-5", "output", Decimal(50_000), "Tokens"),
        ("gpt 4.1 mini Inp glbl Tokens", "gpt-4.1-mini", "input", Decimal(12_000_000), "Tokens"),  # MCA
        ("gpt 4.1 mini Outp glbl Tokens", "gpt-4.1-mini", "output", Decimal(3_000_000), "Tokens"),
        ("gpt 4.1 mini cached Inp glbl Tokens", "gpt-4.1-mini", "cache_read", Decimal(400_000), "Tokens"),
        ("gpt 4o 0513 Batch Inp glbl Tokens", "gpt-4o-0513", "input", Decimal(1_000_000), "Tokens"),  # 1000 Tokens
        ("o3 0416 Outp glbl", "o3-0416", "output", Decimal(1), "Tokens"),
        ("text-embedding-3-small Inp glbl Tokens", "text-embedding-3-small", "input", Decimal(25_000_000), "Tokens"),
        ("Provisioned Managed Global Unit", None, "other", Decimal(24), "Hour"),  # PTU hours: AI, not tokens
        ("gpt-5-codex-ccchd-inp-glbl Tokens", "gpt-5-codex", "cache_read", Decimal(2_000_000), "Tokens"),
    ]
    others = dict(query(azure, """
        select charge_description, model_name from intermediate.int_cost__azure_lines
        where charge_description in ('R1 Inp glbl Tokens', 'V3.1 Outp DZone Tokens', 'Llama 3.3 70B Inp glbl Tokens')
    """))  # fmt: skip
    assert others == {"R1 Inp glbl Tokens": "r1", "V3.1 Outp DZone Tokens": "v3.1",
                      "Llama 3.3 70B Inp glbl Tokens": "llama-3.3-70b"}  # fmt: skip


def test_azure_whole_bill_is_kept_and_only_ai_meters_count(azure: Path) -> None:
    rows = query(azure, """
        select billing_currency, x_is_ai, sum(billed_cost), count(*) from intermediate.int_cost__azure_lines
        group by all order by all""")  # fmt: skip
    assert rows == [
        ("EUR", False, Decimal("0.6358064516"), 1),
        ("EUR", True, MCA_AI, 4),
        ("USD", False, EA_VM, 1),
        ("USD", True, EA_RESTATED_TOTAL - EA_VM, 20),
    ]


def test_azure_restated_month_leaves_one_current_version_equal_to_the_newest(azure: Path) -> None:
    ((usd,),) = query(
        azure,
        """
        select sum(billed_cost) from intermediate.int_cost__azure_lines where billing_currency = 'USD'""",
    )
    assert usd == EA_RESTATED_TOTAL == Decimal("143.05051234")
    # the MCA account's month is another scope: the EA restatement leaves it alone
    assert query(azure, """
        select count(*) filter (where _is_superseded), count(*) filter (where not _is_superseded)
        from raw.azure__cost_details""") == [(21, 26)]  # fmt: skip


def test_azure_braceless_tags_become_json_and_name_the_team(azure: Path) -> None:
    tags = dict(
        query(
            azure,
            """
        select distinct tags, team_hint from intermediate.int_cost__azure_lines where tags is not null""",
        )
    )
    assert tags == {
        '{"team": "platform","env": "prod"}': "platform",  # EA wrote '"team": "platform","env": "prod"'
        '{"team": "web"}': "web",
        '{"team": "support", "pr": "acme/search#912"}': "support",
        '{"team":"search"}': "search",
    }


def test_azure_alone_reaches_the_marts_and_conserves(azure: Path) -> None:
    billed = ledger_ties_to_billed(azure)
    assert billed == EA_RESTATED_TOTAL - EA_VM + MCA_AI
    rows = query(
        azure,
        """
        select BillingCurrency, ProviderName, sum(BilledCost) from marts.fct_ai_cost group by all order by all""",
    )
    assert rows == [("EUR", "Microsoft", MCA_AI), ("USD", "Microsoft", EA_RESTATED_TOTAL - EA_VM)]
    # the refund is a credit line
    assert query(azure, "select ChargeCategory, BilledCost from marts.fct_ai_cost where BilledCost < 0") == [
        ("Credit", Decimal("-2"))
    ]


# ---------------------------------------------------------------- GCP

GCP_AI_COSTS = [Decimal(v) for v in ("0.4125", "0.3", "0.0125", "0.0031", "1.71875", "2.5", "0.15", "0.3", "0.875",
                                     "0.06", "0.09", "0.55", "0.25")]  # fmt: skip
GCP_AI_CREDITS = [Decimal("-0.5"), Decimal("-0.123456789012"), Decimal("-0.09")]
GCP_OTHER = Decimal("3.14159") - Decimal("0.628318") + Decimal("0.0123456789") + Decimal("0.42")


def test_gemini_skus_give_model_token_class_and_tokens(gcp: Path) -> None:
    rows = query(gcp, """
        select charge_description, model_name, x_token_type, consumed_quantity, consumed_unit
        from intermediate.int_cost__gcp_lines where x_is_ai and charge_category = 'Usage'
        order by charge_date, charge_description, consumed_quantity""")  # fmt: skip
    assert rows == [
        ("Gemini 3 Flash Text Input - Predictions", "gemini-3-flash", "input", Decimal(1_833_333), "Tokens"),
        ("Gemini 3 Flash Text Input - Predictions", "gemini-3-flash", "input", Decimal(833_333), "Tokens"),  # late
        ("Gemini 3 Flash Text Input - Predictions", "gemini-3-flash", "input", Decimal(1_375_000), "Tokens"),
        ("Gemini 3 Flash Text Input Caching", "gemini-3-flash", "cache_read", Decimal(500_000), "Tokens"),
        ("Gemini 3 Flash Text Input Caching Storage", "gemini-3-flash", "other", Decimal(3_600_000_000),
         "byte-seconds"),
        ("Gemini 3 Flash Text Output - Predictions", "gemini-3-flash", "output", Decimal(100_000), "Tokens"),
        # usage.amount absent: 1.375 pricing units of count1e6
        ("Gemini 2.5 Pro Input Text Tokens", "gemini-2.5-pro", "input", Decimal(1_375_000), "Tokens"),
        ("Gemini 2.5 Pro Output Text Tokens", "gemini-2.5-pro", "output", Decimal(250_000), "Tokens"),
        ("Generate content input token count Gemini 1.5 Flash", "gemini-1.5-flash", "input", Decimal(2_000_000),
         "Tokens"),
        ("Generate content output token count Gemini 1.5 Flash", "gemini-1.5-flash", "output", Decimal(500_000),
         "Tokens"),
        ("Gemini 2.0 Flash Text Input (Long) - Predictions", "gemini-2.0-flash", "input", Decimal(400_000), "Tokens"),
        ("Gemini 2.5 Flash Text Output (Thinking On) - Batch Predictions", "gemini-2.5-flash", "output",
         Decimal(700_000), "Tokens"),
        ("Gemini 2.5 Flash Input Text Tokens", "gemini-2.5-flash", "input", Decimal(300_000), "Tokens"),
    ]  # fmt: skip


def test_gcp_credits_are_their_own_lines_and_net_exactly(gcp: Path) -> None:
    credits = query(gcp, """
        select charge_description, billed_cost, x_is_ai from intermediate.int_cost__gcp_lines
        where charge_category = 'Credit' order by billed_cost""")  # fmt: skip
    assert credits == [
        ("Sustained usage discount", Decimal("-0.628318"), False),
        ("Free Tier", Decimal("-0.5"), True),
        ("Committed use discount: Vertex", Decimal("-0.123456789012"), True),
        ("Trial credit", Decimal("-0.09"), True),
    ]
    ((net,),) = query(gcp, "select sum(net_cost) from staging.stg_gcp__billing_export")
    ((lines,),) = query(gcp, "select sum(billed_cost) from intermediate.int_cost__gcp_lines")
    assert net == lines == sum(GCP_AI_COSTS + GCP_AI_CREDITS, GCP_OTHER)
    # 0.30000000000000004 (a double's text) kept at 12 decimals, the residue recorded per file
    residues = query(gcp, "select money_rounding_residue from raw._ingest_files where source = 'gcp_billing_export'")
    assert all('"cost": "0.00000000000000004"' in r for (r,) in residues)


def test_gcp_newer_export_of_the_month_supersedes_and_keeps_the_late_row(gcp: Path) -> None:
    assert query(gcp, """
        select count(*) filter (where _is_superseded), count(*) filter (where not _is_superseded)
        from raw.gcp__billing_export""") == [(15, 16)]  # fmt: skip
    ((late,),) = query(
        gcp,
        """
        select billed_cost from intermediate.int_cost__gcp_lines
        where charge_period_start_at = timestamptz '2026-10-02 15:00:00+00'""",
    )
    assert late == Decimal("0.25")
    # the cross-over row: used on 30 September, billed on the October invoice, rebuilt by the incremental build
    assert query(gcp, "select BilledCost from marts.fct_ai_cost where x_charge_date = '2026-09-30'") == [
        (Decimal("0.55"),)
    ]


def test_gcp_pr_label_makes_the_line_direct(gcp: Path) -> None:
    rows = query(gcp, """
        select c.ChargeDescription, a.method, a.outcome_id, a.allocated_cost
        from marts.fct_ai_cost c join marts.fct_cost_allocation a using (cost_line_id)
        where c.x_charge_date = date '2026-10-13' and c.x_model = 'gemini-2.5-pro'
        order by a.allocated_cost""")  # fmt: skip
    assert [(d, m, a) for d, m, _, a in rows] == [
        ("Free Tier", "direct", Decimal("-0.5")),
        ("Committed use discount: Vertex", "direct", Decimal("-0.123456789012")),
        ("Gemini 2.5 Pro Input Text Tokens", "direct", Decimal("1.71875")),
        ("Gemini 2.5 Pro Output Text Tokens", "direct", Decimal("2.5")),
    ]
    assert len({o for *_, o, _ in rows}) == 1  # one outcome: the PR acme/search#912


def test_gcp_alone_reaches_the_marts_and_conserves(gcp: Path) -> None:
    billed = ledger_ties_to_billed(gcp)
    assert billed == sum(GCP_AI_COSTS + GCP_AI_CREDITS, Decimal(0)) == Decimal("6.508393210988")
    assert query(gcp, "select distinct ProviderName, x_source from marts.fct_ai_cost") == [
        ("Google Cloud", "gcp_billing_export")
    ]
    assert query(gcp, "select count(*) from raw._quarantine") == [(0,)]
