"""Seats and per-user AI tools: GitHub's billing usage report (Copilot), costper's seats CSV amortised per
person-day, and Cursor's usage events and dashboard CSV. Real files, real DuckDB, a real `dbt build`: the sources
alone (nothing else loaded), and together with a directory, pull requests and other providers' bills."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pytest
from conftest import FIXTURES, query, run_cli, table_counts
from test_real_company import QUIRKS, ingest_and_build, ledger_ties_to_billed

from ingest.detect import detect

SEATS, CURSOR = FIXTURES / "seats", FIXTURES / "cursor"
OUR_FILES = (SEATS / "seats.csv", SEATS / "copilot_usage.json", SEATS / "copilot_seats.json",
             CURSOR / "usage_events.json", CURSOR / "usage_export.csv", CURSOR / "usage_export_old.csv")  # fmt: skip
OTHER_BILLS = tuple(sorted(p for p in QUIRKS.iterdir() if p.name.startswith(("anthropic", "openai"))))
OTHER_BILLS_TOTAL = Decimal("40.03080438")  # test_real_company: Anthropic 39.20, OpenAI 0.83080438
PULL_REQUESTS = (QUIRKS / "gh_pr_view.json", QUIRKS / "gh_pr_list_without_created_at.json")
DIRECTORY = tuple(sorted((SEATS / "directory").iterdir()))
UNIT = Decimal("0.000000000001")


def share(amount: str, days: int, first: int, last: int) -> Decimal:
    """allocate_by_weight's exact parts of `amount` over `days` equal days: days first..last (1-based) together."""
    total = Decimal(amount) / UNIT

    def cumulative(k: int) -> Decimal:
        return (total * k / days).quantize(Decimal(1), ROUND_HALF_UP)

    return (cumulative(last) - cumulative(first - 1)) * UNIT


# Copilot 2.00 + 4.125 + 0.40 (Actions is not AI); seats: Copilot 19 x 2 months, Cursor from Oct 16 (16 of 31
# days of 40), Claude Team annual 300 from Jan 1 to Oct 31 (304 of 365 days); Cursor API 0.1113 (chargedCents) +
# 0 (Included) + 0.004375, CSV 0.32 + 0.49 + 0 (Included) + 1.05 + 0 (Free), the bad Cost row quarantined
COPILOT, CURSOR_TOTAL = Decimal("6.525"), Decimal("0.115675") + Decimal("1.86")
SEATS_TOTAL = Decimal(38) + share("40", 31, 16, 31) + share("300", 365, 1, 304)
# the Copilot seats API: an enterprise seat for September (39), a business seat from Oct 11 to the month's end
API_SEATS_TOTAL = Decimal(39) + share("19", 31, 11, 31)
OUR_TOTAL = COPILOT + CURSOR_TOTAL + SEATS_TOTAL + API_SEATS_TOTAL


@pytest.fixture(scope="module")
def alone(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("seats_alone") / "w.duckdb"
    ingest_and_build(db, *OUR_FILES, exit_code=3)  # the Cursor CSV's unreadable Cost row is billed money
    return db


@pytest.fixture(scope="module")
def together(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("seats_together") / "w.duckdb"
    ingest_and_build(db, *DIRECTORY, *PULL_REQUESTS, *OTHER_BILLS, *OUR_FILES, exit_code=3)
    return db


@pytest.mark.parametrize(
    ("path", "source"),
    [
        (SEATS / "copilot_usage.json", "github_copilot_usage"),
        (SEATS / "seats.csv", "costper_seats"),
        (SEATS / "copilot_seats.json", "github_copilot_seats"),
        (CURSOR / "usage_events.json", "cursor_usage_events"),
        (CURSOR / "usage_export.csv", "cursor_usage_csv"),
        (CURSOR / "usage_export_old.csv", "cursor_usage_csv"),
        (SEATS / "directory" / "people.csv", "costper_people"),
    ],
)
def test_format_is_detected_from_content(path: Path, source: str) -> None:
    assert detect(path).name == source


def test_sources_alone_build_and_the_ledger_ties_to_the_bills(alone: Path) -> None:
    assert Decimal("308.508174988953") == SEATS_TOTAL  # 38 + 20.645161290323 + 249.863013698630
    assert ledger_ties_to_billed(alone) == OUR_TOTAL
    by_source = dict(query(alone, "select x_source, sum(BilledCost) from marts.fct_ai_cost group by 1"))
    assert by_source == {"github_copilot_usage": COPILOT, "costper_seats": SEATS_TOTAL,
                         "github_copilot_seats": API_SEATS_TOTAL, "cursor_usage_events": Decimal("0.115675"),
                         "cursor_usage_csv": Decimal("1.86")}  # fmt: skip
    # nobody is known: every cent waits on its principal
    reasons = dict(query(alone, """
        select unattributed_reason, sum(allocated_cost) from marts.fct_cost_allocation group by 1"""))
    assert reasons == {"unknown_principal": OUR_TOTAL - Decimal("0.40"), "no_principal_in_export": Decimal("0.40")}


def test_a_monthly_seat_is_thirty_exact_days_of_a_thirty_day_month(alone: Path) -> None:
    rows = query(alone, """
        select count(*), sum(BilledCost), min(BilledCost), max(BilledCost) from marts.fct_ai_cost
        where x_source = 'costper_seats' and ServiceName = 'GitHub Copilot' and x_charge_date < date '2026-10-01'""")
    assert rows == [(30, Decimal("19.000000000000"), Decimal("0.633333333333"), Decimal("0.633333333334"))]
    line = query(alone, """
        select x_principal_kind, x_principal_id, x_token_type, ProviderName, ConsumedQuantity, ConsumedUnit
        from marts.fct_ai_cost where x_source = 'costper_seats' and x_charge_date = date '2026-09-01'
          and ServiceName = 'GitHub Copilot'""")  # fmt: skip
    assert line == [("email", "dana@example.com", "seat", "GitHub", Decimal(1), "Seat-Days")]


def test_a_seat_taken_mid_month_pays_its_days_of_the_month(alone: Path) -> None:
    rows = query(alone, """
        select count(*), min(x_charge_date), max(x_charge_date), sum(BilledCost) from marts.fct_ai_cost
        where x_source = 'costper_seats' and ServiceName = 'Cursor'""")
    assert rows == [(16, *query(alone, "select date '2026-10-16', date '2026-10-31'")[0], Decimal("20.645161290323"))]
    assert share("40", 31, 1, 15) + Decimal("20.645161290323") == Decimal(40)  # the month's parts add up to the fee


def test_seat_cost_reaches_the_holders_pull_request_in_flight(together: Path) -> None:
    """Dana's PR was in flight Oct 1-20: her seats' days then go to it (person_in_flight), the rest of October
    waits with no_outcome_in_flight; her Copilot premium requests and Cursor calls of those days go there too."""
    rows = dict(query(together, """
        select c.ServiceName, sum(a.allocated_cost) from marts.fct_cost_allocation a
        join marts.fct_ai_cost c using (cost_line_id)
        where a.method = 'person_in_flight' and a.outcome_id = 'github:acme/payments#4900'
          and c.x_charge_date >= date '2026-10-01' group by 1"""))  # fmt: skip
    assert rows == {
        "GitHub Copilot": share("19", 31, 1, 20) + Decimal("2.0") + Decimal("4.125"),
        "Claude Team": share("300", 365, 274, 293),
        "Cursor": Decimal("0.1113") + Decimal("0.32") + Decimal("0.49"),
    }
    idle = query(together, """
        select sum(a.allocated_cost) from marts.fct_cost_allocation a join marts.fct_ai_cost c using (cost_line_id)
        where c.x_source = 'costper_seats' and c.x_person_id = 'E3' and c.ServiceName = 'GitHub Copilot'
          and a.unattributed_reason = 'no_outcome_in_flight' and c.x_charge_date >= date '2026-10-01'""")
    assert idle == [(share("19", 31, 21, 31),)]


def test_together_with_other_bills_the_ledger_still_ties(together: Path) -> None:
    assert ledger_ties_to_billed(together) == OUR_TOTAL + OTHER_BILLS_TOTAL


def test_copilot_seats_api_bills_the_plan_price_per_day_to_the_login(together: Path) -> None:
    rows = query(together, """
        select x_principal_kind, x_principal_id, x_person_id, ChargeDescription, count(*), min(x_charge_date),
               sum(BilledCost)
        from marts.fct_ai_cost where x_source = 'github_copilot_seats' group by all order by 1, 2""")
    assert rows == [
        ("github_login", "bnguyen", "E2", "GitHub Copilot seat (business)", 21,
         *query(together, "select date '2026-10-11'")[0], share("19", 31, 11, 31)),
        ("github_login", "mkovacs", "E1", "GitHub Copilot seat (enterprise)", 30,
         *query(together, "select date '2026-09-01'")[0], Decimal("39.000000000000")),
    ]  # fmt: skip


def test_cursor_login_alias_and_work_email_both_reach_the_person(together: Path) -> None:
    rows = query(together, """
        select x_principal_kind, x_principal_id, x_person_id, x_team_id from marts.fct_ai_cost
        where x_source = 'cursor_usage_events' order by x_principal_id""")  # fmt: skip
    assert rows == [("email", "dana@example.com", "E3", "payments")] * 2 + [
        ("cursor_user", "lee.home@example.net", "E4", "payments")]


def test_copilot_lines_are_billed_net_and_name_the_user(alone: Path) -> None:
    rows = query(alone, """
        select x_principal_kind, x_principal_id, x_model, x_token_type, BilledCost, ListCost, ConsumedQuantity
        from marts.fct_ai_cost where x_source = 'github_copilot_usage' order by x_charge_date, BilledCost""")
    assert rows == [
        ("github_login", "dana-dev", "claude sonnet 4.5", "request", Decimal("2"), Decimal("2.24"), Decimal(56)),
        ("organization", "acme-eng", None, "request", Decimal("0.4"), Decimal("0.4"), Decimal(10)),
        ("github_login", "dana-dev", "gpt-5", "other", Decimal("4.125"), Decimal("4.125"), Decimal("412.5")),
    ]
    # the report's Actions line is kept as a non-AI line, out of the AI marts
    assert query(alone, """
        select ServiceName, x_is_ai from intermediate.int_cost__unified where x_source = 'github_copilot_usage'
          and not x_is_ai""") == [("GitHub actions", False)]  # fmt: skip


def test_cursor_costs_parse_included_is_zero_and_a_bad_cost_quarantines(alone: Path) -> None:
    rows = query(alone, "select cost_text, cost from raw.cursor__usage_csv order by event_at")
    assert rows == [("$0.32", Decimal("0.32")), ("0.49", Decimal("0.49")), ("Included", Decimal(0)),
                    ("$1.05", Decimal("1.05")), ("Free", Decimal(0))]  # fmt: skip
    quarantined = query(alone, "select file_name, row_number, reasons from raw._quarantine")
    assert quarantined == [("usage_export.csv", 4, 'cost: not dollars ("0.49", "$0.32") or Included/Free')]
    events = query(alone, """
        select event_at, total_cents, charged_cents from raw.cursor__usage_events order by event_at""")
    assert [(str(at), cents, charged) for at, cents, charged in events] == [
        ("2026-10-04 12:00:00+00:00", Decimal("10.63"), Decimal("11.13")),  # a timestamp as a string
        ("2026-10-04 13:00:00.123000+00:00", Decimal("2.0625"), None),  # and as a number
        ("2026-10-04 14:00:00+00:00", Decimal("0.4375"), None),
    ]


def test_the_same_files_twice_change_nothing(alone: Path, tmp_path: Path) -> None:
    copy = tmp_path / "w.duckdb"
    copy.write_bytes(alone.read_bytes())
    before = table_counts(copy)
    result = run_cli("ingest", *OUR_FILES, "--db", copy)
    assert result.exit_code == 0 and result.output.count("already loaded") == len(OUR_FILES)
    assert table_counts(copy) == before


def test_a_bad_seats_file_is_refused_whole(tmp_path: Path) -> None:
    db = tmp_path / "w.duckdb"
    result = run_cli("ingest", SEATS / "seats_bad_cost.csv", "--db", db)
    assert result.exit_code == 2
    assert "seats_bad_cost.csv" in result.output and "row 3" in result.output and "seat_cost" in result.output
