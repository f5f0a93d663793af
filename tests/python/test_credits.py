"""Credits and refunds are cost lines with negative money: they load exactly. Negative tokens and usage
quantities cannot happen, so those rows stay quarantined with their reason."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from conftest import FIXTURES, query, run_cli

from ingest import dbt


def test_anthropic_credit_lines_load_with_their_exact_negative_cents(tmp_path: Path) -> None:
    db = tmp_path / "w.duckdb"
    result = run_cli("ingest", FIXTURES / "anthropic/cost_report_with_credit.json", "--db", db)
    assert result.exit_code == 0, result.output
    assert "3 rows loaded, 0 quarantined" in result.output
    rows = query(db, "select description, cost_type, amount from raw.anthropic__cost_report order by _row_number")
    assert rows == [
        ("Claude Sonnet 4.5 Usage - Output Tokens", "tokens", Decimal("183412.5")),
        ("Promotional credit", None, Decimal("-2500")),
        ("Billing adjustment", "credit", Decimal("-0.0000000013")),  # -0.00000000125 cents, half away from zero
    ]
    assert query(db, "select money_rounding_residue from raw._ingest_files") == [('{"amount": "0.00000000005"}',)]
    assert dbt.run("run", db, args=("--select", "stg_anthropic__cost_report", "--quiet")) == 0
    dollars = query(db, "select charge_description, billed_cost from staging.stg_anthropic__cost_report "
                        "where charge_description = 'Promotional credit'")  # fmt: skip
    assert dollars == [("Promotional credit", Decimal("-25.000000000000"))]


def test_openai_refunds_and_credits_load_but_a_charge_for_negative_usage_does_not(tmp_path: Path) -> None:
    db = tmp_path / "w.duckdb"
    result = run_cli("ingest", FIXTURES / "openai/costs_with_refund.json", "--db", db)
    assert result.exit_code == 3, result.output  # loaded, with a billed charge in quarantine (README "Exit codes")
    assert "4 rows loaded, 1 quarantined" in result.output
    rows = query(db, "select line_item, amount_value from raw.openai__costs order by _row_number")
    assert rows == [
        ("gpt-5-2025-08-07, output", Decimal("14.25")),
        ("gpt-5-2025-08-07, output, refund", Decimal("-3.75")),
        ("credit grant", Decimal("-0.4")),  # a JSON number, re-read exactly
        ("gpt-5-2025-08-07, input", Decimal("-0.625")),  # a refund that gives back usage: negative quantity too
    ]
    assert query(db, "select row_number, reasons from raw._quarantine") == [(4, "quantity: negative on a charge")]


def test_a_negative_token_count_is_still_quarantined(tmp_path: Path) -> None:
    db = tmp_path / "w.duckdb"
    result = run_cli("ingest", FIXTURES / "anthropic/usage_report_negative_tokens.json", "--db", db)
    assert result.exit_code == 0, result.output
    assert "1 row loaded, 1 quarantined" in result.output
    assert query(db, "select row_number, reasons, record->>'api_key_id' from raw._quarantine") == [
        (2, "output_tokens: negative", "apikey_01CiReviewBot7x")
    ]
    assert query(db, "select api_key_id, output_tokens from raw.anthropic__usage_report") == [
        ("apikey_01MiraLaptop", 800)
    ]
