"""The two GitHub Copilot reports beside the billing usage report: the premium request usage report (billed money,
by model and, asked ?user=, by person) and the user-level usage metrics report (suggestions shown and accepted).
Real files, real DuckDB, a real `dbt build`: each report alone with only a directory, and the premium request
report beside the general billing usage report (which holds premium requests too: billed once)."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest
from conftest import FIXTURES, query, run_cli
from test_real_company import ingest_and_build, ledger_ties_to_billed

from ingest.detect import detect

COPILOT = FIXTURES / "copilot"
ORG_REPORT = COPILOT / "premium_requests_org_2026_10.json"
DANA_REPORT = COPILOT / "premium_requests_user_dana_2026_10.json"
BILLING_USAGE, METRICS = COPILOT / "billing_usage_2026_10.json", COPILOT / "users_1_day_2026_10.ndjson"
DIRECTORY = (COPILOT / "directory" / "people.csv", COPILOT / "directory" / "aliases.csv")
# the organisation's October: Sonnet 2.00 net (12.00 gross), GPT-5 5.00, Gemini 763170.6690743 (a JSON number a
# double would not keep); Dana's own report: Sonnet 1.00 net of 4.00 gross, part of the organisation's 2.00
GEMINI = Decimal("763170.6690743")
PREMIUM_TOTAL = Decimal("2.00") + Decimal("5.00") + GEMINI
# the billing usage report: a Copilot Business seat (19) and September 30's premium requests (1.00) are not in the
# premium request report; October 5's premium requests (7.00) are, and go; Actions is not AI
USAGE_LEFT = Decimal(19) + Decimal("1.00")


@pytest.fixture(scope="module")
def premium_alone(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("premium_alone") / "w.duckdb"
    ingest_and_build(db, ORG_REPORT, DANA_REPORT, *DIRECTORY)
    return db


@pytest.fixture(scope="module")
def premium_and_usage(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("premium_and_usage") / "w.duckdb"
    ingest_and_build(db, BILLING_USAGE, ORG_REPORT, DANA_REPORT, *DIRECTORY)
    return db


@pytest.fixture(scope="module")
def metrics_alone(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("metrics_alone") / "w.duckdb"
    ingest_and_build(db, METRICS, *DIRECTORY)
    return db


@pytest.mark.parametrize(
    ("path", "source"),
    [
        (ORG_REPORT, "github_copilot_premium_requests"),
        (DANA_REPORT, "github_copilot_premium_requests"),
        (BILLING_USAGE, "github_copilot_usage"),
        (METRICS, "github_copilot_metrics"),
    ],
)
def test_format_is_detected_from_content(path: Path, source: str) -> None:
    assert detect(path).name == source


def test_premium_requests_alone_bill_the_organisation_report_exactly(premium_alone: Path) -> None:
    assert ledger_ties_to_billed(premium_alone) == PREMIUM_TOTAL
    lines = query(premium_alone, """
        select x_principal_kind, x_principal_id, x_person_id, x_team_id, x_model, BilledCost, ListCost, EffectiveCost,
               x_charge_date, ChargePeriodEnd
        from marts.fct_ai_cost order by x_principal_kind, x_model""")  # fmt: skip
    rows = [(kind, who, person, team, model, billed, listed, effective, str(day), str(end)[:10])
            for kind, who, person, team, model, billed, listed, effective, day, end in lines]  # fmt: skip
    assert rows == [
        # Dana's own line reaches her (payments in October); the organisation keeps the rest of its Sonnet line
        ("github_login", "dana-dev", "E3", "payments", "claude sonnet 4.5", 1, 4, 1, "2026-10-01", "2026-11-01"),
        ("organization", "acme-eng", None, None, "claude sonnet 4.5", 1, 8, 1, "2026-10-01", "2026-11-01"),
        ("organization", "acme-eng", None, None, "gemini 2.5 pro", GEMINI, GEMINI, GEMINI, "2026-10-01", "2026-11-01"),
        ("organization", "acme-eng", None, None, "gpt-5", 5, 5, 5, "2026-10-01", "2026-11-01"),
    ]
    assert query(premium_alone, "select distinct x_source, x_token_type from marts.fct_ai_cost") == [
        ("github_copilot_premium_requests", "request")
    ]


def test_the_billing_usage_report_leaves_covered_premium_requests_to_the_premium_report(
    premium_and_usage: Path,
) -> None:
    assert ledger_ties_to_billed(premium_and_usage) == PREMIUM_TOTAL + USAGE_LEFT
    by_source = dict(query(premium_and_usage, "select x_source, sum(BilledCost) from marts.fct_ai_cost group by 1"))
    assert by_source == {"github_copilot_premium_requests": PREMIUM_TOTAL, "github_copilot_usage": USAGE_LEFT}
    # only October's premium requests were dropped from the usage report: the seat, September and Actions stay
    kept = query(premium_and_usage, """
        select cast(charge_date as varchar), charge_description, billed_cost from intermediate.int_cost__copilot_lines
        order by charge_date""")  # fmt: skip
    assert kept == [("2026-09-30", "Copilot Premium Request", 1), ("2026-10-01", "Copilot Business", 19),
                    ("2026-10-06", "Actions Linux", Decimal("0.8"))]  # fmt: skip


def test_money_given_as_json_numbers_is_read_exactly(premium_alone: Path) -> None:
    assert query(premium_alone, """
        select gross_quantity, net_amount from raw.github__copilot_premium_requests
        where model = 'Gemini 2.5 Pro'""") == [(Decimal("19079266.7268575"), GEMINI)]  # fmt: skip


def _report(period: dict, items: list[dict], **envelope: str) -> str:
    return json.dumps({"timePeriod": period, "organization": "acme-eng", **envelope, "usageItems": items})


ITEM = {"product": "Copilot", "sku": "Copilot Premium Request", "model": "GPT-5", "unitType": "requests",
        "pricePerUnit": 0.04, "grossQuantity": 10, "grossAmount": 0.4, "discountQuantity": 0, "discountAmount": 0,
        "netQuantity": 10, "netAmount": 0.4}  # fmt: skip


def test_a_newer_report_restates_its_own_scope_only(tmp_path: Path) -> None:
    db, newer = tmp_path / "w.duckdb", tmp_path / "premium_requests_org_2026_10_again.json"
    newer.write_text(_report({"year": 2026, "month": 10}, [ITEM]))
    for path in (ORG_REPORT, DANA_REPORT, newer):
        assert run_cli("ingest", path, "--db", db).exit_code == 0
    current = query(db, """
        select coalesce(report_user, '-'), model, net_amount from raw.github__copilot_premium_requests
        where not _is_superseded order by 1, 2""")  # fmt: skip
    # the organisation's newer October replaces its older October; Dana's own report is another scope and stays
    assert current == [("-", "GPT-5", Decimal("0.4")), ("Dana-Dev", "Claude Sonnet 4.5", 1)]


def test_a_day_report_is_a_day_and_a_bad_period_is_quarantined(tmp_path: Path) -> None:
    db, day, bad = tmp_path / "w.duckdb", tmp_path / "day.json", tmp_path / "bad.json"
    day.write_text(_report({"year": 2026, "month": 10, "day": 7}, [ITEM]))
    bad.write_text(_report({"year": 2026, "month": 2, "day": 30}, [ITEM]) + "\n"
                   + _report({"year": 2026, "day": 3}, [ITEM]))  # fmt: skip
    assert run_cli("ingest", day, "--db", db).exit_code == 0
    assert query(db, """
        select cast(period_start as varchar), cast(period_end as varchar) from raw.github__copilot_premium_requests
        """) == [("2026-10-07 00:00:00+00", "2026-10-08 00:00:00+00")]  # fmt: skip
    result = run_cli("ingest", bad, "--db", db)
    assert "2 quarantined" in result.output, result.output
    reasons = query(db, "select reasons from raw._quarantine order by row_number")
    assert reasons == [("period_start: not a valid date (timePeriod year, month, day)",),
                       ("timePeriod: day without month",)], reasons  # fmt: skip


def test_a_report_without_its_year_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "no_year.json"
    path.write_text(_report({"month": 10}, [ITEM]))
    result = run_cli("ingest", path, "--db", tmp_path / "w.duckdb")
    assert result.exit_code == 2
    assert "timePeriod.year" in result.output, result.output  # the field as the page spells it
    assert "period_year" not in result.output, result.output


def _item(net: float, model: str = "GPT-5") -> dict:
    return {**ITEM, "model": model, "grossQuantity": 0, "grossAmount": 0, "netQuantity": 0, "netAmount": net}


OCTOBER, OCTOBER_1, OCTOBER_2 = {"year": 2026, "month": 10}, {"year": 2026, "month": 10, "day": 1}, {
    "year": 2026, "month": 10, "day": 2}  # fmt: skip
# each organisation is one case, in its load order: (period, items, filters) report by report
OVERLAPS = {
    # a month report, then a day of it: the day report is part of the month's bill, which GitHub states
    "month-then-october-1": [(OCTOBER, [_item(40.0)], {}), (OCTOBER_1, [_item(1.0)], {})],
    "month-then-october-2": [(OCTOBER, [_item(40.0)], {}), (OCTOBER_2, [_item(1.0)], {})],
    "october-1-then-month": [(OCTOBER_1, [_item(1.0)], {}), (OCTOBER, [_item(40.0)], {})],
    # ?model= beside the unfiltered report of the same month, or of the year: the unfiltered one holds its lines
    "filtered-and-unfiltered": [(OCTOBER, [_item(40.0), _item(2.5, "o3")], {}),
                                (OCTOBER, [_item(40.0)], {"model": "GPT-5"}),
                                (OCTOBER_1, [_item(1.0)], {"model": "GPT-5"})],
    "filtered-month-and-year": [({"year": 2026}, [_item(300.0)], {}),
                                (OCTOBER, [_item(40.0)], {"product": "Copilot"})],
    # a filtered report alone bills; the same line in a ?product= and a ?model= report bills once
    "filtered-alone": [(OCTOBER, [_item(40.0)], {"model": "GPT-5"})],
    "two-filters": [(OCTOBER, [_item(40.0), _item(2.5, "o3")], {"product": "Copilot"}),
                    (OCTOBER, [_item(40.0)], {"model": "GPT-5"})],
}


@pytest.fixture(scope="module")
def overlapping_reports(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("overlapping_reports")
    db = folder / "w.duckdb"
    for org, reports in OVERLAPS.items():
        for n, (period, items, filters) in enumerate(reports):
            path = folder / f"premium_requests_{org}_{n}.json"
            path.write_text(_report(period, items, organization=org, **filters))
            assert run_cli("ingest", path, "--db", db).exit_code == 0
    ingest_and_build(db)
    return db


def _billed(db: Path) -> dict[str, Decimal]:
    ledger_ties_to_billed(db)
    return dict(query(db, "select SubAccountId, sum(BilledCost) from marts.fct_ai_cost group by 1"))


def test_a_day_report_never_restates_the_month_report_nor_adds_to_it(overlapping_reports: Path) -> None:
    # both reports stay current (a report restates only its own grain); the month's bill is the period's
    current = query(overlapping_reports, """
        select report_organization, period_grain, net_amount from raw.github__copilot_premium_requests
        where not _is_superseded and report_organization like '%october%' order by 1, 2""")  # fmt: skip
    assert current == [
        ("month-then-october-1", "day", Decimal("1.00")), ("month-then-october-1", "month", Decimal("40.00")),
        ("month-then-october-2", "day", Decimal("1.00")), ("month-then-october-2", "month", Decimal("40.00")),
        ("october-1-then-month", "day", Decimal("1.00")), ("october-1-then-month", "month", Decimal("40.00")),
    ]
    billed = _billed(overlapping_reports)
    for org in ("month-then-october-1", "month-then-october-2", "october-1-then-month"):
        assert billed[org] == Decimal("40.00"), (org, billed[org])


def test_a_filtered_report_beside_the_unfiltered_one_bills_nothing_more(overlapping_reports: Path) -> None:
    billed = _billed(overlapping_reports)
    assert billed["filtered-and-unfiltered"] == Decimal("42.50")  # the unfiltered October, exactly
    assert billed["filtered-month-and-year"] == Decimal("300.00")  # the unfiltered year
    assert billed["filtered-alone"] == Decimal("40.00")
    assert billed["two-filters"] == Decimal("42.50")
    assert query(overlapping_reports, """
        select coalesce(model_name, '-'), billed_cost from intermediate.int_cost__copilot_premium_request_lines
        where sub_account_id = 'filtered-and-unfiltered' order by 1""") == [
        ("gpt-5", Decimal("40.00")), ("o3", Decimal("2.50"))]  # fmt: skip


def test_metrics_alone_give_exact_acceptance_per_person_team_and_month(metrics_alone: Path) -> None:
    rows = query(metrics_alone, """
        select cast(activity_month as varchar), team_id, person_id, unresolved_github_login, active_days,
               suggestions_shown, suggestions_accepted, acceptance_rate, lines_suggested, lines_added,
               line_acceptance_rate
        from marts.mart_copilot_acceptance order by 1, 2 nulls last""")  # fmt: skip
    assert rows == [
        # Dana: 40 + 20 shown, 13 + 7 accepted (her login written Dana-Dev one day, dana-dev the next)
        ("2026-10-01", "payments", "E3", None, 2, 60, 20, Decimal("0.333333"), 180, 63, Decimal("0.35")),
        ("2026-10-01", "platform", "E1", None, 1, 9, 3, Decimal("0.333333"), 30, 9, Decimal("0.3")),
        # a login nobody's alias names keeps its row; nothing shown: no rate, not 0
        ("2026-10-01", None, None, "ghost-user", 1, 0, 0, None, 0, 0, None),
        # Dana moved to platform on November 1: November's days count there
        ("2026-11-01", "platform", "E3", None, 1, 3, 2, Decimal("0.666667"), 5, 4, Decimal("0.8")),
    ]
    assert query(metrics_alone, "select count(*) from marts.fct_ai_cost") == [(0,)]  # a quality signal, not cost
