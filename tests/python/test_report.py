"""`costper report` in a real headless Chromium (Debian's, through playwright): the page the demo writes opens from
a file with no console or page error and no request, every chart is an SVG with marks and a text alternative,
the headline equals the marts to the cent by SQL of this test's own, and a section whose mart is empty or absent
is left out, not broken. The screenshot is target/report_2026-10.png."""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import duckdb
import pytest
from browser_env import ensure_chromium
from conftest import PROJECT_DIR, BuiltDemo, query, run_cli

from ingest.report import fmt

MONTH, MONTH_START, PREVIOUS_START = "2026-10", "2026-10-01", "2026-09-01"
CHARTS = {"quadrant", "trend", "spend-by-model", "unattributed", "budgets"}  # the demo has data for each
SCREENSHOT = PROJECT_DIR / "target" / f"report_{MONTH}.png"
CENT = Decimal("0.01")


@pytest.fixture(scope="module")
def browser() -> Iterator:
    chromium = ensure_chromium()
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is in the dev extra (pyproject.toml)")
    with sync_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(chromium), args=["--no-sandbox"])  # root: no sandbox
        yield launched
        launched.close()


@dataclass
class Opened:
    page: object
    problems: list[str] = field(default_factory=list)  # console errors, page errors, requests off the file


def open_report(browser, path: Path) -> Opened:
    page = browser.new_page(viewport={"width": 1200, "height": 900})
    opened = Opened(page)
    page.on("console", lambda m: m.type == "error" and opened.problems.append(f"console: {m.text}"))
    page.on("pageerror", lambda error: opened.problems.append(f"page error: {error}"))
    page.on("request", lambda r: r.url != path.as_uri() and opened.problems.append(f"request: {r.url}"))
    page.goto(path.as_uri(), wait_until="load")
    return opened


def demo_report(built_demo: BuiltDemo) -> Path:
    report = built_demo.db.parent / "exports" / f"report_{MONTH}.html"
    exports = built_demo.output.splitlines()[-1]
    assert exports.startswith("exports: ") and exports.endswith(f", {report}")  # the demo prints where it is
    return report


def cents(value: Decimal) -> str:
    return f"{value.quantize(CENT, rounding=ROUND_HALF_UP):,}"


def test_the_demo_report_opens_offline_with_every_chart_drawn(built_demo: BuiltDemo, browser) -> None:
    report = demo_report(built_demo)
    html = report.read_text(encoding="utf-8")
    assert "<script" not in html and "<link" not in html and " src=" not in html  # nothing to fetch or run
    opened = open_report(browser, report)
    page = opened.page
    charts = page.eval_on_selector_all("figure[data-chart]", """figures => figures.map(f => {
        const svg = f.querySelector('svg');
        return {key: f.dataset.chart, svg: !!svg,
                marks: svg ? svg.querySelectorAll('g[class*="role-mark"] path, g[class*="role-mark"] rect').length : 0,
                title: svg?.querySelector(':scope > title')?.textContent || '',
                desc: svg?.querySelector(':scope > desc')?.textContent || '',
                labelledby: svg?.getAttribute('aria-labelledby') || '', role: svg?.getAttribute('role') || '',
                caption: f.querySelector('figcaption')?.textContent || '',
                height: svg ? svg.getBoundingClientRect().height : 0};
    })""")  # fmt: skip
    assert {c["key"] for c in charts} == CHARTS
    for chart in charts:
        assert chart["svg"] and chart["marks"] > 0 and chart["height"] > 40, chart["key"]
        assert chart["role"] == "img" and chart["labelledby"] == f"{chart['key']}-title {chart['key']}-desc"
        assert chart["title"] and chart["desc"] == chart["caption"], chart["key"]  # the text alternative, shown too
    quadrant = next(c for c in charts if c["key"] == "quadrant")
    assert "Waste quadrant (top left, dashed and shaded, teams drawn as triangles): Research Lab" in quadrant["desc"]
    SCREENSHOT.parent.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOT), full_page=True)
    assert opened.problems == []
    assert SCREENSHOT.stat().st_size > 100_000


def test_the_headline_equals_the_marts_to_the_cent(built_demo: BuiltDemo, browser) -> None:
    page = open_report(browser, demo_report(built_demo)).page

    def shown(key: str) -> tuple[str, str]:
        value = page.locator(f'[data-figure="{key}"] .figure-value')
        return value.get_attribute("data-value"), value.inner_text()

    def spend(month: str) -> tuple[Decimal, Decimal]:
        return query(built_demo.db, """select sum(total_cost), sum(unattributed_cost) from marts.mart_team_spend
                                       where period_month = ? and billing_currency = 'USD'""", [month])[0]  # fmt: skip

    def per_outcome(month: str, outcome_type: str) -> Decimal:
        # mean over the cost-known outcomes: their cost (the mean times their count) over their count
        cost, known = query(built_demo.db, """
            select sum(cost_per_outcome * (outcome_count - cost_unknown_outcome_count)),
                   sum(outcome_count - cost_unknown_outcome_count)
            from marts.mart_cost_per_outcome
            where period_month = ? and billing_currency = 'USD' and outcome_type = ?""", [month, outcome_type])[0]
        return cost / known

    total, unattributed = spend(MONTH_START)
    assert shown("spend") == (str(total.quantize(CENT, ROUND_HALF_UP)), cents(total))
    assert f"total USD {cents(total)})" in page.locator("#models-section summary").inner_text()  # ties by model
    for key, outcome_type in (("cost-per-merged-pr", "pr_merged"), ("cost-per-resolved-issue", "issue_resolved")):
        now, before = per_outcome(MONTH_START, outcome_type), per_outcome(PREVIOUS_START, outcome_type)
        assert shown(key) == (str(now.quantize(CENT, ROUND_HALF_UP)), cents(now))
        change = ((now - before) / before * 100).quantize(Decimal("0.1"), ROUND_HALF_UP)
        assert f"{change:+}% vs September (USD {cents(before)})" in page.locator(f'[data-figure="{key}"]').inner_text()
    [(outcomes,)] = query(built_demo.db, """select sum(outcome_count) from marts.mart_cost_per_outcome
                                            where period_month = ? and billing_currency = 'USD'""", [MONTH_START])
    assert shown("outcomes") == (str(outcomes), f"{outcomes:,}")
    share = f"{(unattributed / total * 100).quantize(Decimal('0.1'), ROUND_HALF_UP)}%"
    assert shown("unattributed-share") == (share, share)

    teams = query(built_demo.db, """
        select s.team_name, round(s.total_cost, 2), round(s.unattributed_cost, 2), round(pr.cost_per_outcome, 2)
        from marts.mart_team_spend s
        join marts.mart_cost_per_outcome pr on pr.team_id = s.team_id and pr.period_month = s.period_month
             and pr.billing_currency = s.billing_currency and pr.outcome_type = 'pr_merged'
        where s.period_month = ? and s.billing_currency = 'USD'""", [MONTH_START])  # fmt: skip
    assert len(teams) == page.locator("#teams tbody tr").count()
    for team, team_spend, team_unattributed, per_pr in teams:
        row = page.locator(f'#teams tr[data-team="{team}"]')
        assert row.locator('[data-col="spend"]').inner_text() == f"{team_spend:,}", team
        assert row.locator('[data-col="unattributed"]').inner_text() == f"{team_unattributed:,}", team
        expected = f"{per_pr:,}" if per_pr is not None else ("unknown" if team == "(no team)" else fmt.NONE)
        assert row.locator('[data-col="per_merged_pr"]').inner_text() == expected, team


def test_sections_whose_mart_is_empty_or_absent_are_left_out(built_demo: BuiltDemo, browser, tmp_path: Path) -> None:
    """A warehouse with no budgets and without the efficiency and anomaly marts (an older build) still reports."""
    db = tmp_path / "no_budgets.duckdb"
    shutil.copy(built_demo.db, db)
    with duckdb.connect(str(db)) as con:
        con.execute("delete from marts.mart_budget_status")
        con.execute("drop table marts.mart_model_efficiency")
        con.execute("drop table marts.mart_spend_efficiency")
        con.execute("drop table if exists marts.mart_spend_anomalies")
    out = tmp_path / "report.html"
    costper = Path(sys.executable).with_name("costper")
    done = subprocess.run([str(costper), "report", "--month", MONTH, "--out", str(out), "--db", str(db)],
                          capture_output=True, text=True, check=False)  # fmt: skip
    assert (done.returncode, done.stdout, done.stderr) == (0, f"wrote the {MONTH} report to {out}\n", "")
    opened = open_report(browser, out)
    present = opened.page.eval_on_selector_all("section[id]", "sections => sections.map(s => s.id)")
    assert present == ["headline", "trend-section", "models-section", "unattributed-section", "outcomes-section"]
    charts = opened.page.eval_on_selector_all("figure[data-chart]", "figures => figures.map(f => f.dataset.chart)")
    assert set(charts) == CHARTS - {"budgets", "quadrant"}
    assert opened.problems == []


def test_the_full_demo_report_has_its_finance_sections(built_demo: BuiltDemo, browser) -> None:
    page = open_report(browser, demo_report(built_demo)).page
    present = set(page.eval_on_selector_all("section[id]", "sections => sections.map(s => s.id)"))
    [(anomalies,)] = query(built_demo.db, """select count(*) from information_schema.tables
                                             where table_schema = 'marts' and table_name = 'mart_spend_anomalies'""")
    if anomalies:
        [(anomalies,)] = query(built_demo.db, """
            select count(*) from marts.mart_spend_anomalies
            where anomaly_date >= date '2026-10-01' and anomaly_date < date '2026-11-01' and billing_currency = 'USD'
        """)
    assert {"budgets-section", "routing-section"} <= present
    assert ("anomalies-section" in present) == bool(anomalies)
    [(savings,)] = query(built_demo.db, """select round(sum(potential_savings), 2) from marts.mart_model_efficiency
                                           where period_month = ? and billing_currency = 'USD'""", [MONTH_START])
    assert f"Up to USD {savings:,} at list prices" in page.locator("#routing-section").inner_text()


def test_report_refuses_bad_input_in_one_line(built_demo: BuiltDemo, tmp_path: Path) -> None:
    out = tmp_path / "report.html"
    cases = [
        (["--month", "2026-13"], "error: --month must look like 2026-10, not '2026-13'"),
        (["--month", "2027-01"], "error: --month 2027-01: the warehouse has no AI spend or outcomes then "
                                 "(months loaded: 2026-08 to 2026-10)"),
        (["--month", MONTH, "--currency", "EUR"], "error: --currency EUR: 2026-10 has spend in USD only"),
    ]  # fmt: skip
    for args, message in cases:
        result = run_cli("report", *args, "--out", out, "--db", built_demo.db)
        assert (result.exit_code, result.output.strip()) == (2, message)
        assert not out.exists()
    out.write_text("sent last week")
    result = run_cli("report", "--month", MONTH, "--out", out, "--db", built_demo.db)
    refused = f"error: {out}: already exists; pass --force to overwrite it"
    assert (result.exit_code, result.output.strip()) == (2, refused)
    assert out.read_text() == "sent last week"
    result = run_cli("report", "--month", MONTH, "--out", out, "--db", built_demo.db, "--force")
    assert result.exit_code == 0 and out.read_text().startswith("<!DOCTYPE html>")


def test_money_is_rounded_from_the_decimal_never_a_float() -> None:
    # 2.675 and 1.005 are below the half as doubles (2.67499..., 1.00499...): a float format would print 2.67, 1.00
    assert [fmt.money(Decimal(v)) for v in ("2.675", "1.005", "-0.005", "12345678901234.565", "0.004999999999")] == [
        "2.68", "1.01", "-0.01", "12,345,678,901,234.57", "0.00"]  # fmt: skip
    assert fmt.money(Decimal("50674.911111000000"), "USD") == "USD 50,674.91"
    assert (fmt.percent(Decimal("0.3402")), fmt.change(Decimal("16.51"), Decimal("13.31"))) == ("34.0%", "+24.0%")
    assert fmt.method_split(Decimal(1), Decimal(2), Decimal(0)) == "direct 33.3%, in flight 66.7%"
