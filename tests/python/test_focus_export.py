"""`costper export focus` on the demo warehouse: every month, CSV and Parquet, passes the FinOps Foundation's
focus-validator for FOCUS 1.2; BilledCost sums exactly to fct_ai_cost's month (and, with the invoice-only credit
row, to the bill); Tags and SkuPriceDetails are JSON with costper's and FOCUS's keys; unit prices times quantities
are the costs; and the usual FinOps queries give on the file what they give on fct_ai_cost."""

from __future__ import annotations

import csv
import json
import os
import re
import subprocess
import sys
from collections import defaultdict
from decimal import Decimal
from pathlib import Path

import duckdb
import pytest
from conftest import PROJECT_DIR, BuiltDemo, query
from focus_validator_env import find_python312, validate, validator_venv

from ingest.demo import DEMO_MONTHS
from ingest.export.focus import APPLICABILITY_CRITERIA, FOCUS_COLUMNS, FOCUS_VERSION, X_COLUMNS

COSTPER = Path(sys.executable).with_name("costper")
FORMATS = ("csv", "parquet")
MONEY = ("BilledCost", "EffectiveCost", "ListCost", "ContractedCost", "PricingCurrencyEffectiveCost")
# the demo's one credit that only an invoice carries (README "Finance")
DEMO_INVOICE_CREDIT = ("2026-09", "OpenAI", Decimal("-150.000000000000"))
# The branch of an OR the validator reports failed although the OR passes (focus_validator_env.Validation).
EXCUSED_OR_BRANCHES = {"InvoiceId-C-004-C"}
# Rules that run and pass on this file's columns and claims (578 in the 1.2 rule set; the rest are skipped as not
# claimed): fewer would mean the validator checked less than it does today.
RULES_PASSED = 233
# Rules the file's applicability criteria bring in, which must have run and passed rather than been skipped.
MUST_PASS = {
    "BilledCost-C-000-M", "BillingCurrency-C-003-M", "ChargeCategory-C-003-M", "ChargeClass-C-000-M",
    "ChargePeriodStart-C-002-M", "ConsumedQuantity-C-000-C", "ConsumedUnit-C-000-C", "InvoiceId-C-003-C",
    "ListUnitPrice-C-000-C", "ListUnitPrice-C-005-C", "PricingCurrencyListUnitPrice-C-005-C", "PricingQuantity-C-005-C",
    "PricingUnit-C-006-C", "ServiceCategory-C-003-M", "ServiceSubcategory-C-004-M", "SkuId-C-005-C",
    "SkuMeter-C-004-C", "SkuPriceId-C-005-C", "SkuPriceDetails-C-001-M", "SubAccountId-C-000-C",
    "SubAccountName-C-005-C", "SubAccountType-C-000-C", "Tags-C-000-C",
}  # fmt: skip


def costper(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(COSTPER), *map(str, args)], capture_output=True, text=True, cwd=PROJECT_DIR, check=False)


@pytest.fixture(scope="session")
def focus_validator() -> Path:
    """The validator's venv, made once (target/ keeps it between runs). Skipped only where no Python 3.12+
    exists; under CI (CI set) that is a failure, since the acceptance is that CI runs the validator."""
    python = find_python312()
    if python is None:
        message = "focus-validator needs Python 3.12+, and none was found (pyenv, python3.12, ~/.pyenv/versions)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return validator_venv(python, PROJECT_DIR / "target" / "focus-validator-venv")


@pytest.fixture(scope="session")
def focus_files(built_demo: BuiltDemo, tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, str], Path]:
    """Each demo month in each format, written by the real command."""
    root = tmp_path_factory.mktemp("focus")
    files = {}
    for month in DEMO_MONTHS:
        for file_format in FORMATS:
            out = root / f"focus_{month}.{file_format}"
            done = costper("export", "focus", "--month", month, "--out", out, "--format", file_format,
                           "--db", built_demo.db)  # fmt: skip
            assert done.returncode == 0, done.stderr
            files[month, file_format] = out
    return files


def read_rows(path: Path) -> list[dict[str, str]]:
    with path.open(newline="") as f:
        reader = csv.DictReader(f)
        assert reader.fieldnames == [*FOCUS_COLUMNS, *X_COLUMNS]
        return list(reader)


def month_bounds(month: str) -> list[str]:
    year, number = map(int, month.split("-"))
    following = f"{year + number // 12}-{number % 12 + 1:02d}-01"
    return [f"{month}-01", following]


@pytest.mark.parametrize("file_format", FORMATS)
@pytest.mark.parametrize("month", DEMO_MONTHS)
def test_each_demo_month_passes_focus_validator(
    focus_validator: Path, focus_files: dict, tmp_path: Path, month: str, file_format: str
) -> None:
    validation = validate(focus_validator, focus_files[month, file_format], FOCUS_VERSION, APPLICABILITY_CRITERIA,
                          tmp_path)  # fmt: skip
    assert validation.failures() == [], validation.output
    failed = {rule for rule, status in validation.statuses.items() if status != "passed" and status != "skipped"}
    assert failed == EXCUSED_OR_BRANCHES
    assert validation.passed() >= MUST_PASS
    assert len(validation.passed()) == RULES_PASSED


def test_the_validator_run_catches_a_broken_file(focus_validator: Path, focus_files: dict, tmp_path: Path) -> None:
    """The parse is not vacuous: a Tags value that is not JSON and a date that is not ISO 8601 fail their rules
    (the validator checks only that Tags parse as JSON: that its values are strings is checked below)."""
    broken = tmp_path / "broken.csv"
    with duckdb.connect() as con:
        con.execute(
            f"copy (select * replace ("
            f"  case when x_cost_line_id = min(x_cost_line_id) over () then '{{team: 1' else Tags end as Tags,"
            f"  case when x_cost_line_id = max(x_cost_line_id) over () then '2026/10/01 00:00'"
            f"  else ChargePeriodStart end as ChargePeriodStart)"
            f" from (select * from read_csv('{focus_files['2026-10', 'csv']}', all_varchar = true) limit 300))"
            f" to '{broken}' (header)"
        )
    validation = validate(focus_validator, broken, FOCUS_VERSION, APPLICABILITY_CRITERIA, tmp_path)
    assert validation.failures() == [
        "ChargePeriodStart-C-000-M", "ChargePeriodStart-C-001-M", "ChargePeriodStart-C-002-M",
        "ChargePeriodStart-C-003-M", "CostAndUsage-D-037-M", "Tags-C-000-C", "Tags-C-001-M",
    ]  # fmt: skip


@pytest.mark.parametrize("month", DEMO_MONTHS)
def test_billed_cost_sums_exactly_to_fct_ai_cost_and_to_the_bill(built_demo: BuiltDemo, focus_files: dict,
                                                                 month: str) -> None:  # fmt: skip
    rows = read_rows(focus_files[month, "csv"])
    money = re.compile(r"-?\d+\.\d{12}")
    assert all(money.fullmatch(row[c]) for row in rows for c in MONEY)  # DECIMAL(38,12): no float artefacts
    (lines, line_total) = query(built_demo.db, "select count(*), sum(BilledCost) from marts.fct_ai_cost "
                                "where not x_cost_is_estimated "
                                "and x_charge_date >= cast(? as date) and x_charge_date < cast(? as date)",
                                month_bounds(month))[0]  # fmt: skip
    credits = [(r["ProviderName"], Decimal(r["BilledCost"])) for r in rows if r["x_source"] == "invoice"]
    assert len(rows) == lines + len(credits)
    assert sum(Decimal(r["BilledCost"]) for r in rows if r["x_source"] != "invoice") == line_total
    expected_credits = [DEMO_INVOICE_CREDIT[1:]] if month == DEMO_INVOICE_CREDIT[0] else []
    assert credits == expected_credits
    reconciled = query(built_demo.db, "select provider, chargeback_cost, invoice_amount "
                       "from marts.mart_finance_invoice_reconciliation where charge_month = cast(? as date)",
                       [f"{month}-01"])  # fmt: skip
    # the export holds a cloud bill's AI lines only (the demo's AWS CUR); its other lines are on the invoice too
    not_ai = dict(query(built_demo.db, "select lower(ProviderName), sum(BilledCost) "
                        "from intermediate.int_cost__lines_resolved where not x_is_ai "
                        "and x_charge_date >= cast(? as date) and x_charge_date < cast(? as date) group by 1",
                        month_bounds(month)))  # fmt: skip
    assert set(not_ai) == {"aws"} and not_ai["aws"] > 0
    total = sum(Decimal(r["BilledCost"]) for r in rows)
    assert total + sum(not_ai.values()) == sum(bill for _, bill, _ in reconciled)
    assert total == line_total + sum(c for _, c in credits)
    by_provider: dict[str, Decimal] = defaultdict(Decimal, not_ai)
    for row in rows:
        by_provider[row["ProviderName"].lower()] += Decimal(row["BilledCost"])
    # each demo invoice ties to the cent: a provider's month rounds to cents as its invoice does
    assert {p: round(c, 2) for p, c in by_provider.items()} == {p: inv for p, _, inv in reconciled}
    parquet = focus_files[month, "parquet"]
    assert query(built_demo.db, f"select sum(BilledCost), any_value(typeof(BilledCost)), count(*) "
                 f"from read_parquet('{parquet}')")[0] == (total, "DECIMAL(38,12)", len(rows))  # fmt: skip


def test_the_command_prints_the_total_and_refuses_what_it_cannot_write(built_demo: BuiltDemo, tmp_path: Path) -> None:
    out = tmp_path / "focus.csv"
    done = costper("export", "focus", "--month", "2026-10", "--out", out, "--db", built_demo.db)
    assert done.returncode == 0, done.stderr
    (lines, total) = query(built_demo.db, "select count(*), sum(BilledCost) from marts.fct_ai_cost "
                           "where not x_cost_is_estimated "
                           "and x_charge_date >= cast(? as date) and x_charge_date < cast(? as date)",
                           month_bounds("2026-10"))[0]  # fmt: skip
    assert done.stdout == f"wrote {lines} rows of FOCUS 1.2 to {out}\n2026-10 USD BilledCost: {total}\n"
    again = costper("export", "focus", "--month", "2026-10", "--out", out, "--db", built_demo.db)
    assert (again.returncode, again.stderr) == (2, f"error: {out}: already exists; pass --force to overwrite it\n")
    bad = costper("export", "focus", "--month", "2026-13", "--out", tmp_path / "x.csv", "--db", built_demo.db)
    assert (bad.returncode, bad.stderr) == (2, "error: --month must look like 2026-10, not '2026-13'\n")
    empty = costper("export", "focus", "--month", "2025-01", "--out", tmp_path / "x.csv", "--db", built_demo.db)
    assert (empty.returncode, empty.stderr) == (
        2, "error: --month 2025-01: no cost lines charged in that month; months with cost lines: "
           + ", ".join(DEMO_MONTHS) + "\n",
    )  # fmt: skip
    assert not (tmp_path / "x.csv").exists()


TOKEN_DETAILS = {
    "input": {"TokenDirection": "Input", "TokenCacheAction": "Uncached"},
    "output": {"TokenDirection": "Output"},
    "reasoning": {"TokenDirection": "Output"},
    "cache_read": {"TokenDirection": "Input", "TokenCacheAction": "Read"},
    "cache_write": {"TokenDirection": "Input", "TokenCacheAction": "Write"},
}


@pytest.mark.parametrize("month", ["2026-09", "2026-10"])
def test_tags_and_sku_price_details_are_json_with_the_keys(focus_files: dict, month: str) -> None:
    rows = read_rows(focus_files[month, "csv"])
    kinds: dict[str, int] = defaultdict(int)
    for row in rows:
        tags = json.loads(row["Tags"])
        expected_tags = {"costper/team": row["x_team_id"], "costper/cost_center": row["x_cost_center"],
                         "costper/outcome_refs": row["x_outcome_refs"]}  # fmt: skip
        # the provider's own tags (the demo's AWS resource tags) keep their keys beside costper's
        costper_tags = {k: v for k, v in tags.items() if k.startswith("costper/")}
        assert costper_tags == {k: v for k, v in expected_tags.items() if v}
        assert row["ProviderName"] == "AWS" or all(k.startswith("costper/") for k in tags)
        if row["x_source"] == "invoice":
            assert row["SkuPriceDetails"] == row["SkuPriceId"] == ""
            continue
        details = json.loads(row["SkuPriceDetails"])
        expected = {"ModelDeveloper": row["ProviderName"], "ModelId": row["x_model"]} if row["x_model"] else {}
        if row["ConsumedUnit"] == "Tokens" or (row["x_quantity_is_unknown"] == "true" and row["x_model"]):
            expected |= TOKEN_DETAILS[row["x_token_type"]]
        if row["x_cache_ttl"]:
            expected["x_CacheRetention"] = row["x_cache_ttl"]
        assert details == expected
        kinds[",".join(sorted(details))] += 1
    assert all(isinstance(v, str) for row in rows for v in json.loads(row["Tags"]).values())
    assert sum(1 for row in rows if "costper/team" in json.loads(row["Tags"])) > len(rows) // 2
    assert "ModelDeveloper,ModelId,TokenCacheAction,TokenDirection,x_CacheRetention" in kinds


@pytest.mark.parametrize("month", ["2026-09", "2026-10"])
def test_prices_quantities_and_skus_follow_focus(built_demo: BuiltDemo, focus_files: dict, month: str) -> None:
    """What FOCUS asks of Usage rows, checked here because the validator cannot (its checks of the products and of
    ConsumedQuantity depend on commitment-discount columns this file has no use for)."""
    rows = read_rows(focus_files[month, "csv"])
    usage = [row for row in rows if row["ChargeCategory"] == "Usage"]
    required = ("ConsumedQuantity", "ConsumedUnit", "PricingQuantity", "PricingUnit", "ListUnitPrice",
                "PricingCurrencyContractedUnitPrice", "PricingCurrencyListUnitPrice", "SkuId", "SkuPriceId",
                "SkuMeter", "PricingCategory")  # fmt: skip
    assert all(row[c] for row in usage for c in required)
    for row in usage:
        quantity = Decimal(row["PricingQuantity"])
        assert Decimal(row["ListUnitPrice"]) * quantity == Decimal(row["ListCost"])
        assert Decimal(row["PricingCurrencyContractedUnitPrice"]) * quantity == Decimal(row["ContractedCost"])
        assert row["ContractedCost"] == row["BilledCost"] == row["EffectiveCost"]
        if row["x_quantity_is_unknown"] == "false":
            if row["ConsumedUnit"] in ("Tokens", "Requests"):  # priced per million
                assert Decimal(row["ConsumedQuantity"]) * Decimal("0.000001") == quantity
                assert row["PricingUnit"] == "1000000 " + row["ConsumedUnit"]
            else:  # a seat's Seat-Days: priced per unit
                assert (Decimal(row["ConsumedQuantity"]), row["PricingUnit"]) == (quantity, row["ConsumedUnit"])
    unknown = [(row["ConsumedQuantity"], row["ConsumedUnit"], row["PricingUnit"]) for row in usage
               if row["x_quantity_is_unknown"] == "true"]  # fmt: skip
    (no_quantity,) = query(built_demo.db, "select count(*) from marts.fct_ai_cost where ConsumedQuantity is null "
                           "and x_charge_date >= cast(? as date) and x_charge_date < cast(? as date)",
                           month_bounds(month))[0]  # fmt: skip
    assert unknown == [("1.000000000000", "Charge", "Charge")] * no_quantity and no_quantity > 0
    parents = defaultdict(set)
    for row in usage:
        parents[row["SkuPriceId"]].add(row["SkuId"])
    assert all(len(skus) == 1 for skus in parents.values())  # a SkuPriceId has one parent SkuId
    for row in rows:
        assert row["BillingPeriodStart"] == f"{month}-01T00:00:00Z"
        assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", row["ChargePeriodStart"])
        assert row["InvoiceId"] == "INV-" + row["ProviderName"][:2].upper() + "-" + month.replace("-", "")
    # what a sub-account is, per source: the demo's Anthropic workspaces, OpenAI projects and AWS accounts
    kinds = {(row["x_source"], row["SubAccountType"]) for row in rows if row["SubAccountId"]}
    assert kinds == {("anthropic_cost_report", "Workspace"), ("openai_costs", "Project"), ("aws_cur", "Account")}


FINOPS_QUERIES = {
    "cost by service and month": """
        select ServiceName, strftime(date_trunc('month', ChargePeriodStart), '%Y-%m') as month, sum(BilledCost)
        from focus group by all order by all""",
    "cost by sub-account": """
        select SubAccountId, sum(BilledCost), sum(EffectiveCost) from focus group by all order by all""",
    "daily anomalies by sub-account": """
        with daily as (
            select SubAccountId, cast(ChargePeriodStart as date) as day, sum(EffectiveCost) as cost
            from focus where SubAccountId is not null group by all
        ),
        scored as (
            select *, avg(cost) over (partition by SubAccountId) as mean,
                   stddev_pop(cost) over (partition by SubAccountId) as sd
            from daily
        )
        select SubAccountId, day, cost from scored where sd > 0 and cost > mean + 2 * sd order by all""",
}
TAG_COVERAGE = """
    select sum(BilledCost) filter (where json_extract_string(Tags, '$."costper/team"') is not null),
           sum(BilledCost) filter (where json_extract_string(Tags, '$."costper/cost_center"') is not null),
           sum(BilledCost)
    from focus"""


@pytest.mark.parametrize("file_format", FORMATS)
def test_standard_finops_queries_run_unchanged(built_demo: BuiltDemo, focus_files: dict, file_format: str) -> None:
    """The same SQL over the file (a view named focus) and over fct_ai_cost's month: equal, but for the credit
    row the invoice adds (no sub-account, no tags). The CSV is read with its money as DECIMAL (README)."""
    month, provider, credit = DEMO_INVOICE_CREDIT
    path = focus_files[month, file_format]
    money_types = ", ".join(f"'{c}': 'DECIMAL(38,12)'" for c in MONEY)
    reader = f"read_parquet('{path}')" if file_format == "parquet" else f"read_csv('{path}', types = {{{money_types}}})"
    start, end = month_bounds(month)
    with duckdb.connect(str(built_demo.db), read_only=True) as con:
        con.execute("set TimeZone = 'UTC'")
        con.execute(f"create temp view focus as select * from {reader}")
        on_file = {name: con.execute(sql).fetchall() for name, sql in FINOPS_QUERIES.items()}
        coverage = con.execute(TAG_COVERAGE).fetchall()[0]
        con.execute(f"create or replace temp view focus as select * from marts.fct_ai_cost "
                    f"where not x_cost_is_estimated "
                    f"and x_charge_date >= date '{start}' and x_charge_date < date '{end}'")  # fmt: skip
        on_mart = {name: con.execute(sql).fetchall() for name, sql in FINOPS_QUERIES.items()}
        (teams, total) = con.execute(
            "select sum(BilledCost) filter (where x_team_id is not null), sum(BilledCost) from focus"
        ).fetchall()[0]
        (cost_centers,) = con.execute(
            "select sum(ai_billed_cost) from marts.mart_finance_chargeback "  # the AI part of a cloud bill
            f"where charge_month = date '{start}' and cost_center <> 'unassigned'"
        ).fetchall()[0]
    service = {"OpenAI": "OpenAI API", "Anthropic": "Claude API"}[provider]
    by_service = {(s, m): c for s, m, c in on_mart["cost by service and month"]}
    by_service[service, month] += credit
    assert on_file["cost by service and month"] == sorted((s, m, c) for (s, m), c in by_service.items())
    # the invoice's credit row has no sub-account, nor have the demo's seat lines: the two share the null group
    by_sub_account = {s: (c, e) for s, c, e in on_mart["cost by sub-account"]}
    seats = by_sub_account.pop(None, (Decimal(0), Decimal(0)))
    expected_sub_accounts = [*((s, c, e) for s, (c, e) in by_sub_account.items()),
                             (None, seats[0] + credit, seats[1] + credit)]  # fmt: skip
    assert on_file["cost by sub-account"] == expected_sub_accounts
    assert on_file["daily anomalies by sub-account"] == on_mart["daily anomalies by sub-account"] != []
    assert coverage == (teams, cost_centers, total + credit)
    assert teams < total  # some cost reached no team: coverage below 100%, and the query shows it
