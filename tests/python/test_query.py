"""`costper query` as a user runs it: the engine's hints kept, money exact, --csv, --json, --limit."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import FIXTURES, PROJECT_DIR, BuiltDemo, run_cli

COSTPER = Path(sys.executable).with_name("costper")

MONEY_SQL = """
select * from (values
    (1, cast('0' as decimal(38,12)), true, null::varchar, 'a, "quoted" b'),
    (2, cast('0.000000000001' as decimal(38,12)), false, 'x', 'plain'),
    (3, cast('12345678901234.5' as decimal(38,12)), null, 'y', 'plain')
) t(n, amount, flag, maybe, text) order by n
"""


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("query") / "w.duckdb"
    assert run_cli("ingest", FIXTURES / "openai/costs.json", "--db", db).exit_code == 0
    return db


def costper(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(COSTPER), *map(str, args)], capture_output=True, text=True, cwd=PROJECT_DIR,
                          check=False)  # fmt: skip


def test_table_shows_money_exact_with_the_fewest_decimals_booleans_and_null(db: Path) -> None:
    result = costper("query", MONEY_SQL, "--db", db)
    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout.splitlines() == [
        "n                       amount  flag   maybe  text",
        "-  ---------------------------  -----  -----  -------------",
        '1               0.000000000000  true   NULL   a, "quoted" b',
        "2               0.000000000001  false  x      plain",
        "3  12345678901234.500000000000  NULL   y      plain",
    ]
    money = costper("query", "select amount_value from raw.openai__costs order by 1", "--db", db)
    assert money.stdout.splitlines()[2:] == ["       0.082", "       0.645"]  # not 0.082000000000


def test_csv_is_exact_with_true_false_and_empty_null(db: Path) -> None:
    result = costper("query", MONEY_SQL, "--csv", "--db", db)
    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout.splitlines() == [
        "n,amount,flag,maybe,text",
        '1,0.000000000000,true,,"a, ""quoted"" b"',
        "2,0.000000000001,false,x,plain",
        "3,12345678901234.500000000000,,y,plain",
    ]


def test_json_keeps_decimals_as_exact_strings(db: Path) -> None:
    result = costper("query", MONEY_SQL, "--json", "--db", db)
    assert (result.returncode, result.stderr) == (0, "")
    assert json.loads(result.stdout) == [
        {"n": 1, "amount": "0.000000000000", "flag": True, "maybe": None, "text": 'a, "quoted" b'},
        {"n": 2, "amount": "0.000000000001", "flag": False, "maybe": "x", "text": "plain"},
        {"n": 3, "amount": "12345678901234.500000000000", "flag": None, "maybe": "y", "text": "plain"},
    ]


def test_a_misspelt_table_keeps_duckdbs_hint_on_one_line(db: Path) -> None:
    result = costper("query", "select * from openai__costs", "--db", db)
    assert result.returncode == 2
    assert result.stderr == (
        'error: Catalog Error: Table with name openai__costs does not exist! Did you mean "raw.openai__costs"?\n'
    )
    assert result.stdout == ""


def test_a_misspelt_column_names_the_candidates(db: Path) -> None:
    result = run_cli("query", "select amount from raw.openai__costs", "--db", db)
    assert result.exit_code == 2
    assert result.stderr.startswith('error: Binder Error: Referenced column "amount" not found in FROM clause! '
                                    'Candidate bindings: "amount_value"')  # fmt: skip


def test_an_error_while_rows_are_read_is_one_line_too(db: Path) -> None:
    result = run_cli("query", "select cast(line_item as integer) from raw.openai__costs", "--db", db)
    assert result.exit_code == 2
    assert result.stderr.startswith("error: Conversion Error: Could not convert string ")
    assert len(result.stderr.splitlines()) == 1


def test_the_default_limit_cuts_with_a_note_and_limit_0_prints_all(built_demo: BuiltDemo) -> None:
    sql = "select cost_line_id, allocated_cost from marts.fct_cost_allocation order by cost_line_id, outcome_id"
    cut = costper("query", sql, "--csv", "--db", built_demo.db)
    assert cut.returncode == 0
    assert cut.stderr == "showing 100 of 218,878 rows; --limit 0 for all\n"
    assert len(cut.stdout.splitlines()) == 101  # the header and 100 rows
    every = costper("query", sql, "--csv", "--limit", "0", "--db", built_demo.db)
    assert (every.returncode, every.stderr) == (0, "")
    lines = every.stdout.splitlines()
    assert len(lines) == 218_879 and lines[:101] == cut.stdout.splitlines()


def test_the_limit_keeps_the_querys_order_and_says_nothing_when_all_rows_fit(db: Path) -> None:
    sql = "select line_item from raw.openai__costs order by line_item desc"
    one = run_cli("query", sql, "--limit", "1", "--json", "--db", db)
    assert json.loads(one.stdout) == [{"line_item": "gpt-5-mini-2025-08-07, output"}]
    assert one.stderr == "showing 1 of 2 rows; --limit 0 for all\n"
    both = run_cli("query", sql, "--limit", "2", "--db", db)
    assert both.stderr == "" and len(both.stdout.splitlines()) == 4


def test_a_decimal_with_more_than_28_digits_is_shown_whole(db: Path) -> None:
    # Python's default decimal context keeps 28 digits: the column's scale must not come from a rounded value
    sql = "select cast('12345678901234567890123456.123456789012' as decimal(38,12)) as amount"
    result = costper("query", sql, "--db", db)
    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout.splitlines()[2] == "12345678901234567890123456.123456789012"


def test_json_keeps_each_of_two_columns_with_the_same_name(db: Path) -> None:
    result = costper("query", "select 1 as a, cast('2.5' as decimal(4,1)) as a", "--json", "--db", db)
    assert (result.returncode, result.stderr) == (0, "")
    assert json.loads(result.stdout) == [{"a": 1, "a_1": "2.5"}]  # the names the table and --csv print
