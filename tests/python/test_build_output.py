"""What `costper build` prints and returns: a line per layer, a summary with each warning in a sentence, dbt's log in
target/dbt.log, no colour codes; exit 0, 3 for a money warning, 1 with one line when dbt fails."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest
from conftest import FIXTURES, PROJECT_DIR, BuiltDemo, run_cli

from ingest.dbt import TARGET_DIR
from ingest.errors import InputError
from ingest.headline import headline

COSTPER = Path(sys.executable).with_name("costper")
LOG = TARGET_DIR / "dbt.log"
JIRA_WARNING = (
    "warning: 37 Done Jira issues have no resolution: Jira counts an issue as resolved by its resolution, so they are "
    "not outcomes until the workflow sets one (tests/dbt/staging/assert_done_jira_issues_have_a_resolution.sql)"
)
FX_WARNING = (
    "warning (money): 2 billed cost lines have no fx rate to USD for their currency and charge date, so every USD "
    "total leaves them out; add the rates to seeds/fx_rates.csv (tests/dbt/marts/assert_billed_cost_has_an_fx_rate.sql)"
)
LAYER = re.compile(
    r"(seeds|staging|intermediate|marts|semantic): ((\d+) (seeds?|views?|tables?|incremental)(, )?)+ \.\.\. \d+ s"
)
TESTS = re.compile(r"tests: (\d+) passed, 1 warned \.\.\. \d+ s")
SUMMARY = re.compile(r"dbt build: (\d+) nodes built, (\d+) of (\d+) tests passed, 1 warning in \d+ s; full log: (.+)")


def costper(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(COSTPER), *map(str, args)], capture_output=True, text=True, cwd=PROJECT_DIR,
                          check=False)  # fmt: skip


def build_lines(output: str) -> list[str]:
    lines = output.splitlines()
    start = next(i for i, line in enumerate(lines) if LAYER.fullmatch(line))
    return lines[start : start + 9]


def test_the_demo_build_prints_a_line_per_layer_and_explains_its_one_warning(built_demo: BuiltDemo) -> None:
    lines = build_lines(built_demo.output)
    layers = sorted(LAYER.fullmatch(line).group(1) for line in lines[:5])  # type: ignore[union-attr]
    assert layers == ["intermediate", "marts", "seeds", "semantic", "staging"]
    tests, summary = TESTS.fullmatch(lines[5]), SUMMARY.fullmatch(lines[6])
    assert tests and summary, lines
    nodes = sum(int(n) for line in lines[:5] for n in re.findall(r"(\d+) (?:seeds?|views?|tables?|incremental)", line))
    assert int(summary.group(1)) == nodes
    assert int(summary.group(2)) == int(tests.group(1)) == int(summary.group(3)) - 1
    assert summary.group(4) == str(LOG)
    assert lines[7] == JIRA_WARNING  # not money: the demo exits 0
    assert lines[8] == ""
    assert "\x1b[" not in built_demo.output
    assert len(built_demo.output.splitlines()) < 32  # short: no dbt log in the demo's output


def test_dbts_full_log_is_in_target_without_colour_codes(built_demo: BuiltDemo) -> None:
    # dbt appends each run to the file under a header line of "=" around its time and invocation id, and rotates
    # the file at 10 MB (to dbt.log.1), which can fall in the middle of the last run
    rotated = LOG.with_name("dbt.log.1")
    text = (rotated.read_text() if rotated.exists() else "") + LOG.read_text()
    log = re.split(r"^=+ [\d:.]+ \| [0-9a-f-]+ =+$", text, flags=re.M)[-1]
    assert "Running with dbt=1.11" in log and "1 of " in log
    assert "\x1b[" not in log


@pytest.fixture(scope="module")
def demo_with_chf(
    built_demo: BuiltDemo, tmp_path_factory: pytest.TempPathFactory
) -> tuple[Path, subprocess.CompletedProcess[str]]:
    """The demo plus an OpenAI cost page billed in CHF, which fx_rates has no rate for, built again."""
    root = tmp_path_factory.mktemp("chf")
    db = root / "demo.duckdb"
    shutil.copy(built_demo.db, db)
    page = root / "openai_costs_chf.json"
    page.write_text((FIXTURES / "openai/costs.json").read_text()
                    .replace('"usd"', '"chf"').replace("1772409600", "1792022400").replace("1772496000", "1792108800")
                    .replace('"0.6450000000"', '"500.0000000000"').replace("0.082", '"24.39"'))  # fmt: skip
    assert run_cli("ingest", page, "--db", db).exit_code == 0
    return db, costper("build", "--as-of", "2026-11-01", "--db", db)


def test_billed_cost_without_an_fx_rate_is_a_money_warning_exit_3(demo_with_chf: tuple) -> None:
    _db, built = demo_with_chf
    assert built.returncode == 3, built.stdout + built.stderr
    lines = built.stdout.splitlines()
    assert re.fullmatch(r"dbt build: \d+ nodes built, \d+ of \d+ tests passed, 2 warnings in \d+ s; full log: .+",
                        lines[-3])  # fmt: skip
    assert lines[-2:] == [JIRA_WARNING, FX_WARNING]
    assert built.stderr == ""


def test_the_headline_states_the_money_it_could_not_convert(demo_with_chf: tuple, built_demo: BuiltDemo) -> None:
    db, _built = demo_with_chf
    with duckdb.connect(str(db), read_only=True) as con:
        lines = headline(con).splitlines()
    assert lines[0] == "AI cost per outcome by team, 2026-10 (USD; all-time billed 154138.21, this month 56047.56)"
    assert lines[1] == ("+ CHF 524.39 not converted (524.39 of it this month): no fx rate for CHF on those days; "
                        "add it to seeds/fx_rates.csv and build again")  # fmt: skip
    assert lines[-1] == "the table is cost billed in USD; cost billed in CHF is in the marts in its own currency"
    with duckdb.connect(str(built_demo.db), read_only=True) as con:
        assert "not converted" not in headline(con)


def test_a_failing_build_is_one_line_naming_the_node_and_the_log_exit_1(tmp_path: Path) -> None:
    db = tmp_path / "w.duckdb"
    assert run_cli("ingest", FIXTURES / "openai/costs.json", "--db", db).exit_code == 0
    # --as-of refuses an impossible date itself (exit 2); dbt's own --vars, passed through, reaches the models
    built = costper("build", "--db", db, "--vars", "{as_of: '2026-13-45'}")
    assert built.returncode == 1
    (line,) = built.stderr.splitlines()
    assert re.fullmatch(r"error: dbt build failed: \S+ \(error\)(, \S+ \(error\))*: Conversion Error: date field value "
                        r"out of range: "
                        rf'"2026-13-45"; \d+ skipped; full log: {re.escape(str(LOG))}', line), line  # fmt: skip
    assert "\x1b[" not in built.stdout + built.stderr


def test_arguments_dbt_refuses_and_impossible_vars_are_one_line_exit_2(tmp_path: Path) -> None:
    db = tmp_path / "w.duckdb"
    assert run_cli("ingest", FIXTURES / "openai/costs.json", "--db", db).exit_code == 0
    refused = costper("build", "--bogus-dbt-flag", "--db", db)
    assert (refused.returncode, refused.stdout) == (2, "")
    assert (
        refused.stderr
        == "error: dbt build refused its arguments: No such option '--bogus-dbt-flag'. (dbt build --help)\n"
    )
    # YAML makes it a date, an impossible one: costper reads --vars (to merge its as_of) and refuses it first
    impossible = costper("build", "--vars", "{as_of: 2026-13-45}", "--db", db)
    assert (impossible.returncode, impossible.stdout) == (2, "")
    assert impossible.stderr == "error: --vars {as_of: 2026-13-45}: month must be in 1..12\n"


def test_a_users_dbt_vars_keep_costpers_as_of() -> None:
    """dbt reads only the last --vars: costper's as_of and the user's own vars go to dbt as one."""
    from ingest.dbt import _with_vars

    merged = _with_vars(("--select", "marts", "--vars", "{invoice_tolerance: '0.01'}"), {"as_of": "2026-10-01"})
    assert merged == ("--select", "marts", "--vars", '{"as_of": "2026-10-01", "invoice_tolerance": "0.01"}')
    assert _with_vars(("--vars={as_of: '2026-09-01'}",), {"as_of": "2026-10-01"}) == (
        "--vars", '{"as_of": "2026-09-01"}')  # fmt: skip
    with pytest.raises(InputError, match="--vars must be a YAML mapping"):
        _with_vars(("--vars", "[1, 2"), {})
