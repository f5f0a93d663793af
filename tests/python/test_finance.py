"""The invoice tie-out, for real: `costper export finance` on the demo warehouse sums to every demo invoice to the
cent (the month whose invoice applies a credit included), an invoice off by one cent fails the build's
reconciliation test, and the export works on a warehouse with one provider and no invoices."""

from __future__ import annotations

import csv
import json
import shutil
import subprocess
import sys
from collections import defaultdict
from decimal import Decimal
from pathlib import Path

import pytest
from conftest import PROJECT_DIR, BuiltDemo, query

from ingest.dbt import TARGET_DIR
from ingest.demo import DEMO_AS_OF, DEMO_MONTHS

COSTPER = Path(sys.executable).with_name("costper")
COLUMNS = ["month", "period_start", "period_end", "currency", "provider", "cost_center", "team_id", "team_name",
           "allocation_basis", "billed_cost", "effective_cost", "list_cost", "credits", "reconciled_against",
           "invoice_ids"]  # fmt: skip
# The demo's October bill (its four invoices: Anthropic 48030.11, AWS 3357.38 with EC2 and S3, GitHub's seats
# 3192.00, OpenAI 2980.37) and its OpenAI part, in dollars: they move when the demo's usage does.
DEMO_PROVIDERS = ("anthropic", "aws", "github", "openai")
OCTOBER_BILL = Decimal("57559.86")
OCTOBER_OPENAI_BILLED = Decimal("2980.37")


def costper(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(COSTPER), *map(str, args)], capture_output=True, text=True, cwd=PROJECT_DIR, check=False)


def read_rows(path: Path) -> list[dict[str, str]]:
    with path.open(newline="") as f:
        reader = csv.DictReader(f)
        assert reader.fieldnames == COLUMNS
        return list(reader)


def provider_sums(rows: list[dict[str, str]], column: str = "billed_cost") -> dict[str, Decimal]:
    sums: dict[str, Decimal] = defaultdict(Decimal)
    for row in rows:
        sums[row["provider"]] += Decimal(row[column])
    return dict(sums)


def invoices(data_dir: Path) -> dict[tuple[str, str], dict[str, str]]:
    with (data_dir / "invoices.csv").open(newline="") as f:
        return {(row["month"], row["provider"]): row for row in csv.DictReader(f)}


@pytest.mark.parametrize("month", DEMO_MONTHS)
def test_finance_csv_sums_to_every_invoice_to_the_cent(built_demo: BuiltDemo, tmp_path: Path, month: str) -> None:
    out = tmp_path / f"finance_{month}.csv"
    done = costper("export", "finance", "--month", month, "--out", out, "--db", built_demo.db)
    assert done.returncode == 0, done.stderr
    rows = read_rows(out)
    billed = provider_sums(rows)
    invoiced = {p: Decimal(inv["amount"]) for (m, p), inv in invoices(built_demo.data_dir).items() if m == month}
    assert billed == invoiced and set(invoiced) == set(DEMO_PROVIDERS)
    lines = done.stdout.splitlines()
    assert lines[0] == f"wrote {len(rows)} rows to {out}"
    ids = {p: f"INV-{p[:2].upper()}-{month.replace('-', '')}" for p in invoiced}
    assert lines[1:] == [
        *(f"{month} USD {p}: {invoiced[p]} = invoice {ids[p]}" for p in DEMO_PROVIDERS),
        f"{month} USD total: {sum(invoiced.values())}",
    ]
    assert all(row["period_start"] == f"{month}-01" and row["currency"] == "USD" for row in rows)
    assert all(len(row[c].split(".")[1]) == 2 for row in rows for c in ("billed_cost", "effective_cost", "credits"))
    # the ledger's month (by charge date) plus the cloud bill's non-AI lines, each provider's rounded to cents as its
    # invoice is, is the bill, but for the credit only the invoice carries (rounding the month's total once can
    # differ by a cent: October does)
    (ledger,) = query(built_demo.db, """
        select sum(cents) from (
            select provider, round(sum(cost), 2) as cents from (
                select provider, allocated_cost as cost from marts.fct_cost_allocation
                where charge_month = cast(? as date)
                union all
                select ProviderName, BilledCost from intermediate.int_cost__lines_resolved
                where not x_is_ai and date_trunc('month', x_charge_date) = cast(? as date))
            group by provider)""", [f"{month}-01"] * 2)[0]  # fmt: skip
    credit = [row for row in rows if row["allocation_basis"] == "invoice_credit"]
    if month == "2026-09":
        assert [(r["provider"], r["team_id"], r["cost_center"], r["billed_cost"], r["credits"]) for r in credit] == [
            ("openai", "unassigned", "unassigned", "-150.00", "-150.00")
        ]
        assert invoices(built_demo.data_dir)[(month, "openai")]["credits"] == "150.00"
        assert sum(billed.values()) == ledger - Decimal("150.00")
    else:
        assert credit == []
        assert sum(billed.values()) == ledger


def test_october_ties_to_the_bill_not_to_the_delivery_month_export(built_demo: BuiltDemo, tmp_path: Path) -> None:
    """The cost-per-outcome export is by delivery month (work in flight in September delivered in October); the
    finance export is by charge month and is October's bill."""
    out = tmp_path / "finance.parquet"
    done = costper("export", "finance", "--month", "2026-10", "--out", out, "--format", "parquet",
                   "--db", built_demo.db)  # fmt: skip
    assert done.returncode == 0, done.stderr
    (total, money_type) = query(built_demo.db, f"select sum(billed_cost), any_value(typeof(billed_cost)) "
                                f"from read_parquet('{out}')")[0]  # fmt: skip
    assert (total, money_type) == (OCTOBER_BILL, "DECIMAL(38,2)")
    assert costper("export", "finance", "--month", "2026-10", "--out", out, "--db", built_demo.db).stderr == (
        f"error: {out}: already exists; pass --force to overwrite it\n"
    )


def test_an_invoice_off_by_one_cent_is_a_money_warning_and_published(built_demo: BuiltDemo, tmp_path: Path) -> None:
    db = tmp_path / "w.duckdb"
    shutil.copy(built_demo.db, db)
    wrong = tmp_path / "invoices_corrected.csv"
    good = invoices(built_demo.data_dir)[("2026-10", "openai")]
    amount = Decimal(good["amount"]) + Decimal("0.01")
    wrong.write_text(f"provider,billing_account,month,currency,amount\nopenai,{good['billing_account']},2026-10,USD,{amount}\n")
    loaded = costper("ingest", wrong, "--db", db)
    assert loaded.returncode == 0 and "1 older rows superseded" in loaded.stdout, loaded.stdout
    finance = ("--select", "stg_costper__invoices+")
    warned = costper("build", "--as-of", DEMO_AS_OF, *finance, "--db", db)
    assert warned.returncode == 3, warned.stdout[-3000:] + warned.stderr[-3000:]
    assert ("warning (money): 1 closed provider-months do not tie to their invoice (beyond invoice_tolerance): see "
            "unexplained_difference in marts.mart_finance_invoice_reconciliation") in warned.stdout + warned.stderr
    results = json.loads((TARGET_DIR / "run_results.json").read_text())["results"]
    status = {r["unique_id"].split(".")[2]: (r["status"], r.get("failures")) for r in results}
    assert status["assert_invoices_tie_to_cost_exports"] == ("warn", 1)
    ((unexplained,),) = query(db, "select unexplained_difference from marts.mart_finance_invoice_reconciliation "
                              "where charge_month = date '2026-10-01' and provider = 'openai'")  # fmt: skip
    assert unexplained == Decimal("0.01")
    # a tolerance of a cent accepts it
    tolerant = costper("build", "--vars", json.dumps({"as_of": DEMO_AS_OF, "invoice_tolerance": "0.01"}), *finance,
                       "--db", db)  # fmt: skip
    assert tolerant.returncode == 0, tolerant.stdout[-3000:]


def test_export_on_one_provider_without_invoices_ties_to_its_cost_export(
    built_demo: BuiltDemo, tmp_path: Path
) -> None:
    db = tmp_path / "w.duckdb"
    costs = built_demo.data_dir / "openai" / "costs_2026-10.json"
    assert costper("ingest", costs, "--db", db).returncode == 0
    built = costper("build", "--as-of", DEMO_AS_OF, "--db", db)
    assert built.returncode == 0, built.stdout[-3000:]
    page = json.loads(costs.read_text(), parse_float=Decimal)
    exact = sum((Decimal(r["amount"]["value"]) for b in page["data"] for r in b["results"]), Decimal(0))
    cents = exact.quantize(Decimal("0.01"))
    out = tmp_path / "finance.csv"
    done = costper("export", "finance", "--month", "2026-10", "--out", out, "--db", db)
    assert done.returncode == 0, done.stderr
    rows = read_rows(out)
    assert provider_sums(rows) == {"openai": cents} and cents == OCTOBER_OPENAI_BILLED
    assert {(r["team_id"], r["cost_center"], r["allocation_basis"], r["reconciled_against"]) for r in rows} == {
        ("unassigned", "unassigned", "unknown_principal", "cost_exports")
    }
    assert done.stdout.splitlines()[1:] == [
        f"2026-10 USD openai: {OCTOBER_OPENAI_BILLED} (no invoice loaded: the cost exports' total)",
        f"2026-10 USD total: {OCTOBER_OPENAI_BILLED}",
    ]
