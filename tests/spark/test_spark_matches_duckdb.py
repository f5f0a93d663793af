"""The same project on Spark gives the same marts as on DuckDB: every total to the cent, every row to the digit.

Spark's tables are read from the Parquet files its warehouse directory holds (<schema>.db/<table>), with DuckDB, so
that both sides are compared by one exact decimal engine and no second Spark session is started for it.
`make test-spark` runs these; `make test` does not collect tests/spark.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import duckdb
import pytest
from conftest import PROJECT_DIR, SparkBuild

pytestmark = pytest.mark.spark

# month and currency columns of each mart that holds money, for the by-month totals
MONEY_MARTS = {
    "mart_cost_per_outcome": ("period_month", "billing_currency"),
    "mart_team_spend": ("period_month", "billing_currency"),
    "mart_outcome_cost": ("occurred_month", "billing_currency"),
    "fct_cost_allocation": ("charge_month", "billing_currency"),
    "fct_cost_line_buckets": ("charge_month", "billing_currency"),
    "fct_ai_cost": ("date_trunc('month', x_charge_date)", "BillingCurrency"),
    "mart_finance_chargeback": ("charge_month", "billing_currency"),
    "mart_finance_invoice_reconciliation": ("charge_month", "billing_currency"),
    "mart_budget_status": ("budget_month", "billing_currency"),
    "mart_cost_reconciliation": ("date_trunc('month', charge_date)", "billing_currency"),
    "mart_spend_anomalies": ("date_trunc('month', anomaly_date)", "billing_currency"),
    "mart_spend_efficiency": ("period_month", "billing_currency"),
    "mart_model_efficiency": ("period_month", "billing_currency"),
}


@pytest.fixture(scope="module")
def con(spark_build: SparkBuild) -> Iterator[duckdb.DuckDBPyConnection]:
    """DuckDB with the DuckDB warehouse as `duck` and a view spark_<schema>__<table> over each Spark table, cast
    to the DuckDB table's column types (Spark writes timestamps as INT96 and JSON as text)."""
    con = duckdb.connect()
    con.execute("set TimeZone = 'UTC'")
    con.execute(f"attach '{spark_build.duckdb}' as duck (read_only)")
    for schema, table in tables(con, ("marts", "intermediate")):
        columns = con.execute(
            "select column_name, data_type from information_schema.columns"
            " where table_catalog = 'duck' and table_schema = ? and table_name = ? order by ordinal_position",
            [schema, table],
        ).fetchall()
        casts = ", ".join(f'cast("{c}" as {t}) as "{c}"' for c, t in columns)
        files = spark_build.spark_tables / f"{schema}.db" / table / "*.parquet"
        con.execute(f"create view spark_{schema}__{table} as select {casts} from read_parquet('{files}')")
    yield con
    con.close()


def tables(con: duckdb.DuckDBPyConnection, schemas: tuple[str, ...]) -> list[tuple[str, str]]:
    return con.execute(
        "select table_schema, table_name from information_schema.tables where table_catalog = 'duck'"
        f" and table_type = 'BASE TABLE' and table_schema in {schemas} order by 1, 2"
    ).fetchall()


def money_columns(con: duckdb.DuckDBPyConnection, table: str) -> list[str]:
    return [c for (c,) in con.execute(
        "select column_name from information_schema.columns where table_catalog = 'duck' and table_schema = 'marts'"
        " and table_name = ? and data_type = 'DECIMAL(38,12)' order by ordinal_position", [table]
    ).fetchall()]


def test_spark_builds_every_model_and_runs_every_test(spark_build: SparkBuild) -> None:
    results = spark_build.run_results["results"]
    by_kind: dict[str, int] = {}
    for result in results:
        by_kind[result["unique_id"].split(".")[0]] = by_kind.get(result["unique_id"].split(".")[0], 0) + 1
    print("\n" + "\n".join(f"{step}: {s:.0f} s" for step, s in spark_build.seconds.items()), by_kind)
    ran = [r for r in results if not r["unique_id"].startswith("exposure.")]  # exposures run nothing: 'no-op'
    assert [r["unique_id"] for r in ran if r["status"] not in ("success", "pass", "warn")] == []
    # the warnings are the demo's own (done Jira issues without a resolution), as on DuckDB
    assert {r["unique_id"].split(".")[2] for r in results if r["status"] == "warn"} <= {
        "assert_done_jira_issues_have_a_resolution", "assert_alias_people_are_in_the_directory",
        "assert_aliases_do_not_overlap", "assert_no_billed_money_in_quarantine"}  # fmt: skip
    seeds = len(list((PROJECT_DIR / "seeds").glob("*.csv")))
    assert by_kind["model"] >= 35 and by_kind["test"] >= 100 and by_kind["unit_test"] >= 25 and by_kind["seed"] == seeds


def test_cost_per_outcome_totals_are_the_same_to_the_cent(con: duckdb.DuckDBPyConnection) -> None:
    totals = """
        select strftime(period_month, '%Y-%m'), billing_currency, round(sum(attributed_cost), 2)
        from {} group by all order by all"""
    duck = con.execute(totals.format("duck.marts.mart_cost_per_outcome")).fetchall()
    spark = con.execute(totals.format("spark_marts__mart_cost_per_outcome")).fetchall()
    print("\nmart_cost_per_outcome attributed_cost by month (DuckDB = Spark):", duck)
    assert len(duck) >= 3 and sum(t for _, _, t in duck) > 10000
    assert spark == duck
    rows = """
        select period_month, team_id, outcome_type, billing_currency, outcome_count, round(attributed_cost, 2),
               round(cost_per_outcome, 2), round(median_cost_per_outcome, 2), round(p90_cost_per_outcome, 2)
        from {} order by all"""
    assert con.execute(rows.format("spark_marts__mart_cost_per_outcome")).fetchall() == con.execute(
        rows.format("duck.marts.mart_cost_per_outcome")).fetchall()  # fmt: skip


@pytest.mark.parametrize("mart", sorted(MONEY_MARTS))
def test_every_money_column_sums_the_same_by_month_and_currency(con: duckdb.DuckDBPyConnection, mart: str) -> None:
    month, currency = MONEY_MARTS[mart]
    columns = money_columns(con, mart)
    assert columns, mart
    sums = ", ".join(f'sum("{c}")' for c in columns)
    totals = f"select {month} as month, {currency} as currency, {sums} from {{}} group by all order by all"
    duck = con.execute(totals.format(f"duck.marts.{mart}")).fetchall()
    spark = con.execute(totals.format(f"spark_marts__{mart}")).fetchall()
    assert duck
    assert spark == duck  # exact decimals: equal to the last of 12 places, so to the cent


def test_every_mart_and_intermediate_table_is_the_same_row_for_row(con: duckdb.DuckDBPyConnection) -> None:
    """Ids too: surrogate keys hash the same text on both engines (key_text), so even the order the cumulative
    rounding follows is the same, and each share is equal to the 1e-12."""
    differing = {}
    for schema, table in tables(con, ("marts", "intermediate")):
        if table == "int_allocation__window":
            continue  # the incremental window, DuckDB's bookkeeping: Spark's builds are always full ones
        only = [con.execute(f"select count(*) from (select * from {a} except all select * from {b})").fetchone()[0]
                for a, b in ((f"duck.{schema}.{table}", f"spark_{schema}__{table}"),
                             (f"spark_{schema}__{table}", f"duck.{schema}.{table}"))]  # fmt: skip
        if any(only):
            differing[f"{schema}.{table}"] = only
    assert differing == {}


def test_money_stays_decimal_38_12_on_spark(spark_build: SparkBuild) -> None:
    con = duckdb.connect()
    wrong = []
    for mart in MONEY_MARTS:
        files = spark_build.spark_tables / "marts.db" / mart / "*.parquet"
        described = con.execute(f"select column_name, column_type from (describe from read_parquet('{files}'))")
        for name, type_ in described.fetchall():
            if re.search(r"(cost|amount|price|spend|cost_per_outcome|cost_reporting)$", name.lower()) and (
                type_ != "DECIMAL(38,12)"
            ):
                wrong.append((mart, name, type_))
    assert wrong == []
