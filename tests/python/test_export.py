"""Exports to finance: stable columns, cents by largest remainder, rows add up to the mart to the cent."""

from __future__ import annotations

import csv
import os
import re
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import duckdb
import pytest
from click.testing import Result
from conftest import FIXTURES, BuiltDemo, query, run_cli

from ingest.export.pseudonymise import PERSON_COLUMNS, SALT_ENV
from ingest.readers import REGISTRY
from ingest.sql import sql_literal

SALT = "a salt of at least sixteen characters"
COLUMNS = ["month", "team_id", "team_name", "outcome_type", "currency", "outcomes", "ai_assisted_outcomes", "cost",
           "cost_per_outcome", "median_cost_per_outcome", "p90_cost_per_outcome", "tokens_per_outcome",
           "outcomes_cost_unknown", "direct_share", "person_in_flight_share", "team_period_share"]  # fmt: skip


def export(built_demo: BuiltDemo, tmp_path: Path, month: str) -> list[dict[str, str]]:
    out = tmp_path / f"cpo_{month}.csv"
    result = run_cli("export", "cost-per-outcome", "--month", month, "--out", out, "--db", built_demo.db)
    assert result.exit_code == 0, result.output
    with out.open(newline="") as f:
        reader = csv.DictReader(f)
        assert reader.fieldnames == COLUMNS
        return list(reader)


def test_export_rows_sum_to_the_month_total_to_the_cent(built_demo: BuiltDemo, tmp_path: Path) -> None:
    for month in ("2026-08", "2026-09", "2026-10"):
        rows = export(built_demo, tmp_path, month)
        exported = sum((Decimal(r["cost"]) for r in rows), Decimal(0))
        ((attributed,),) = query(built_demo.db, f"""
            select sum(attributed_cost) from marts.mart_cost_per_outcome
            where period_month = date '{month}-01'""")  # fmt: skip
        ((unattributed,),) = query(built_demo.db, f"""
            select sum(unattributed_cost) from marts.mart_team_spend
            where period_month = date '{month}-01'""")  # fmt: skip
        assert exported == (attributed + unattributed).quantize(Decimal("0.01"))
        assert all(len(r["cost"].split(".")[1]) == 2 for r in rows)


def test_each_row_is_within_a_cent_of_its_exact_value(built_demo: BuiltDemo, tmp_path: Path) -> None:
    rows = export(built_demo, tmp_path, "2026-10")
    exact = dict(((t, o), c) for t, o, c in query(built_demo.db, """
        select team_id, outcome_type, attributed_cost from marts.mart_cost_per_outcome
        where period_month = date '2026-10-01'"""))  # fmt: skip
    for row in rows:
        if row["outcome_type"] != "(unattributed)":
            assert abs(Decimal(row["cost"]) - exact[(row["team_id"], row["outcome_type"])]) < Decimal("0.01")


def test_bad_month_is_an_input_error(built_demo: BuiltDemo, tmp_path: Path) -> None:
    result = run_cli("export", "cost-per-outcome", "--month", "2026-13", "--out", tmp_path / "x.csv",
                     "--db", built_demo.db)  # fmt: skip
    assert result.exit_code == 2
    assert result.stderr.strip() == "error: --month must look like 2026-10, not '2026-13'"


def cpo(built_demo: BuiltDemo, out: Path | str, *args: str, month: str = "2026-10") -> Result:
    return run_cli("export", "cost-per-outcome", "--month", month, "--out", out, "--db", built_demo.db, *args)


def test_an_existing_file_is_kept_unless_force(built_demo: BuiltDemo, tmp_path: Path) -> None:
    out = tmp_path / "cpo.csv"
    out.write_text("finance's own notes\n")
    refused = cpo(built_demo, out)
    assert refused.exit_code == 2
    assert refused.stderr == f"error: {out}: already exists; pass --force to overwrite it\n"
    assert out.read_text() == "finance's own notes\n"
    forced = cpo(built_demo, out, "--force")
    assert forced.exit_code == 0 and forced.output == f"wrote 51 rows to {out}\n"
    assert out.read_text().startswith("month,team_id,")


def test_a_full_disk_or_a_path_that_cannot_be_written_is_one_line(built_demo: BuiltDemo, tmp_path: Path) -> None:
    full = cpo(built_demo, "/dev/full", "--force")
    assert full.exit_code == 2
    assert full.stderr == "error: /dev/full: cannot write: No space left on device\n"
    (tmp_path / "a-file").write_text("")
    under_a_file = cpo(built_demo, tmp_path / "a-file" / "cpo.csv")
    assert under_a_file.exit_code == 2
    assert under_a_file.stderr == (f"error: {tmp_path / 'a-file' / 'cpo.csv'}: cannot write: "
                                   f"{tmp_path / 'a-file'} is not a directory\n")  # fmt: skip
    assert [p.name for p in tmp_path.iterdir()] == ["a-file"]  # no temporary file left behind


def test_a_month_without_data_names_the_months_that_have_some(built_demo: BuiltDemo, tmp_path: Path) -> None:
    out = tmp_path / "cpo_2026-12.csv"
    result = cpo(built_demo, out, month="2026-12")
    assert result.exit_code == 2
    assert result.stderr == ('error: --month 2026-12: no cost or outcomes in that month; '
                             "months with data: 2026-08, 2026-09, 2026-10\n")  # fmt: skip
    assert not out.exists()


def test_a_warehouse_without_marts_says_to_build(tmp_path: Path) -> None:
    db = tmp_path / "w.duckdb"
    assert run_cli("ingest", FIXTURES / "openai/costs.json", "--db", db).exit_code == 0
    result = run_cli("export", "cost-per-outcome", "--month", "2026-03", "--out", tmp_path / "x.csv", "--db", db)
    assert result.exit_code == 2
    assert result.stderr == f"error: the warehouse {db} has no marts yet: run `costper build` first\n"


def test_pseudonymise_needs_a_salt_and_leaves_a_team_export_as_it_is(
    built_demo: BuiltDemo, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(SALT_ENV, raising=False)
    refused = cpo(built_demo, tmp_path / "p.csv", "--pseudonymise")
    assert refused.exit_code == 2
    assert refused.stderr == f"error: --pseudonymise needs a salt: set {SALT_ENV} or pass --salt-file FILE\n"
    assert not (tmp_path / "p.csv").exists()
    (tmp_path / "salt").write_text("short\n")
    short = cpo(built_demo, tmp_path / "p.csv", "--pseudonymise", "--salt-file", str(tmp_path / "salt"))
    assert short.exit_code == 2 and "has 5 characters; use at least 16" in short.stderr
    monkeypatch.setenv(SALT_ENV, SALT)
    plain, shared = tmp_path / "plain.csv", tmp_path / "shared.csv"
    assert cpo(built_demo, plain).exit_code == 0
    done = cpo(built_demo, shared, "--pseudonymise")
    assert done.output == f"wrote 51 rows to {shared} (no column names a person)\n"
    assert shared.read_text() == plain.read_text()  # teams only: the cents still sum to the month's total


PERSON_LIKE = re.compile(r"email|login|display_name|account_id|user_id|person_id|assignee|author|manager|user_name")
# a flag, a service account (a machine), AWS accounts, an app flag and a count: values that name no one
NOT_A_PERSON = {("github__pull_requests", "author_is_bot"), ("anthropic__usage_report", "service_account_id"),
                ("aws__cur_lines", "bill_payer_account_id"), ("aws__cur_lines", "line_item_usage_account_id"),
                ("linear__issues", "assignee_is_app"), ("zendesk__ticket_metrics", "assignee_stations")}
NOT_A_PERSON |= {("azure__cost_details", "billing_account_id"), ("gcp__billing_export", "billing_account_id")}
NOT_A_PERSON |= {("github__copilot_seats", "assignee_type")}  # User or Team: a kind, no one


def test_every_raw_column_that_names_a_person_is_pseudonymised() -> None:
    columns = {(s.raw_table, c.name) for s in REGISTRY.values() for c in s.columns}
    listed = {(table, column) for table, names in PERSON_COLUMNS.items() for column in names}
    assert listed <= columns  # the readers' names, no typo
    person_like = {(t, c) for t, c in columns if PERSON_LIKE.search(c)} - NOT_A_PERSON
    assert person_like <= listed, person_like - listed


def raw_export(built_demo: BuiltDemo, out: Path, salt: str) -> None:
    result = subprocess.run(
        [str(Path(sys.executable).with_name("costper")), "export-raw", "--parquet", str(out), "--pseudonymise",
         "--db", str(built_demo.db)],
        capture_output=True, text=True, env={**os.environ, SALT_ENV: salt}, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr


def test_export_raw_pseudonymised_holds_no_name_email_or_login_and_keeps_joins(
    built_demo: BuiltDemo, tmp_path: Path
) -> None:
    raw_export(built_demo, tmp_path / "a", SALT)
    raw_export(built_demo, tmp_path / "b", SALT)
    raw_export(built_demo, tmp_path / "c", SALT + "!")
    people_values = " union ".join(
        f"select cast({column} as varchar) as v from raw.{table} where {column} is not null"
        for table, columns in PERSON_COLUMNS.items() for column in columns
    )  # fmt: skip
    with duckdb.connect(str(built_demo.db), read_only=True) as con:
        con.execute(f"create temp table people_values as {people_values} union select value from "
                    "raw.costper__aliases where kind in ('email', 'github_login', 'jira_account')")  # fmt: skip
        (names,) = con.execute("select count(*) from people_values").fetchall()[0]
        assert names > 500  # emails, logins, account ids and names of the demo's 194 people
        leaks = 0
        for table in sorted(p.name for p in (tmp_path / "a").iterdir()):
            files = sql_literal(str(tmp_path / "a" / table / "**" / "*.parquet"))
            kinds = con.execute(f"describe select * from read_parquet({files})").fetchall()
            for column, kind, *_ in kinds:
                if kind == "VARCHAR":
                    leaks += con.execute(f'select count(*) from read_parquet({files}) where "{column}" in '
                                         "(select v from people_values)").fetchall()[0][0]  # fmt: skip
        assert leaks == 0

        def people(export: str) -> list[tuple]:
            tables = tmp_path / export
            return con.execute(f"""
                select p.person_id, p.email, a.value from read_parquet('{tables}/costper__people/**/*.parquet') p
                join read_parquet('{tables}/costper__aliases/**/*.parquet') a
                    on a.person_id = p.person_id and a.kind = 'github_login'
                order by all""").fetchall()  # fmt: skip

        joined = con.execute("""select count(*) from raw.costper__people p join raw.costper__aliases a
                                on a.person_id = p.person_id and a.kind = 'github_login'""").fetchall()[0][0]
        same, other = people("a"), people("c")
        assert len(same) == joined > 0 and all(v.startswith("p_") and len(v) == 18 for row in same for v in row)
        assert same == people("b")  # the same salt: the same hashes in every export
        assert not set(r[1] for r in same) & set(r[1] for r in other)  # another salt: other hashes
        (extra,) = con.execute(f"select count(*) from read_parquet('{tmp_path}/a/github__pull_requests/**/*.parquet')"
                               " where _extra is not null").fetchall()[0]  # fmt: skip
        assert extra == 0
