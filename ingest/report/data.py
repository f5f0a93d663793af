"""What the report shows, read from the marts only: each query selects or sums mart columns of one month and one
billing currency, and every money value stays a Decimal (DuckDB DECIMAL) until it is printed. The report never
recomputes business logic: a ratio is the mart's own, or a sum of the mart's money over a sum of its counts."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

import duckdb

from ingest.errors import InputError

Row = dict[str, Any]

UNATTRIBUTED_REASONS = (  # mart_team_spend's unattributed_<reason>_cost columns, with what each means
    ("no_outcome_in_flight", "a person's spend on days with nothing of theirs in flight"),
    ("team_without_outcomes", "team spend in a period the team delivered nothing"),
    ("unknown_principal", "spend no alias names (no person, no team)"),
    ("no_principal_in_export", "an export that names no one (OpenAI costs not grouped by project or key)"),
    ("tagged_outcome_not_delivered", "spend naming an outcome not (yet) delivered"),
    ("rework", "the shares of outcomes that did not last (a PR reverted soon after its merge, a revert PR)"),
)


@dataclass(frozen=True)
class MonthTotals:
    """The headline of one month: sums of mart columns, nothing divided yet."""

    spend: Decimal  # mart_team_spend.total_cost
    unattributed: Decimal  # mart_team_spend.unattributed_cost
    outcomes: int  # mart_cost_per_outcome.outcome_count, every type
    by_type: dict[str, tuple[int, int, Decimal]]  # outcome_type -> (outcomes, cost-known outcomes, their cost)


def rows(con: duckdb.DuckDBPyConnection, sql: str, params: list | None = None) -> list[Row]:
    cursor = con.execute(sql, params or [])
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, values, strict=True)) for values in cursor.fetchall()]


def has_table(con: duckdb.DuckDBPyConnection, name: str) -> bool:
    """A mart another slice adds (budgets, anomalies) may not be built in this warehouse yet."""
    return bool(con.execute(
        "select count(*) from information_schema.tables where table_schema = 'marts' and table_name = ?", [name]
    ).fetchone()[0])  # fmt: skip


def choose_currency(con: duckdb.DuckDBPyConnection, month_start: date, currency: str | None) -> tuple[str, list[str]]:
    """The report is in one billing currency (marts never convert): the one asked for, else USD when the month
    has it, else the first. Returns it and the month's other currencies, which the report names."""
    found = [r[0] for r in con.execute(
        """select billing_currency from marts.mart_team_spend where period_month = ?
           union select billing_currency from marts.mart_cost_per_outcome where period_month = ? and outcome_count > 0
           order by 1""", [month_start, month_start]).fetchall()]  # fmt: skip
    if not found:
        months = con.execute(
            "select strftime(min(period_month), '%Y-%m'), strftime(max(period_month), '%Y-%m') "
            "from marts.mart_team_spend"
        ).fetchone()
        loaded = f"months loaded: {months[0]} to {months[1]}" if months[0] else "no spend is loaded"
        raise InputError("", f"--month {month_start:%Y-%m}: the warehouse has no AI spend or outcomes then ({loaded})")
    chosen = currency.upper() if currency else ("USD" if "USD" in found else found[0])
    if chosen not in found:
        raise InputError("", f"--currency {currency}: {month_start:%Y-%m} has spend in {', '.join(found)} only")
    return chosen, [c for c in found if c != chosen]


def month_totals(con: duckdb.DuckDBPyConnection, month_start: date, currency: str) -> MonthTotals:
    spend, unattributed = con.execute(
        """select coalesce(sum(total_cost), 0), coalesce(sum(unattributed_cost), 0) from marts.mart_team_spend
           where period_month = ? and billing_currency = ?""", [month_start, currency]).fetchone()  # fmt: skip
    by_type = {}
    for outcome_type, count, known, known_cost in con.execute(
        # cost_per_outcome is the mean over the cost-known outcomes: times their count, it is their cost back
        """select outcome_type, sum(outcome_count), sum(outcome_count - cost_unknown_outcome_count),
                  coalesce(sum(cost_per_outcome * (outcome_count - cost_unknown_outcome_count)), 0)
           from marts.mart_cost_per_outcome where period_month = ? and billing_currency = ?
           group by outcome_type order by outcome_type""", [month_start, currency]).fetchall():  # fmt: skip
        by_type[outcome_type] = (int(count), int(known), known_cost)
    return MonthTotals(spend, unattributed, sum(c for c, _, _ in by_type.values()), by_type)


def teams(con: duckdb.DuckDBPyConnection, month_start: date, currency: str) -> list[Row]:
    """One row per team: mart_team_spend's spend and mart_cost_per_outcome's figures, as the demo headline."""
    return rows(con, """
        with outcomes as (
            select team_id, any_value(team_name) as team_name,
                   sum(outcome_count) filter (where outcome_type = 'pr_merged') as merged_prs,
                   max(cost_per_outcome) filter (where outcome_type = 'pr_merged') as per_merged_pr,
                   sum(outcome_count) filter (where outcome_type = 'issue_resolved') as resolved_issues,
                   max(cost_per_outcome) filter (where outcome_type = 'issue_resolved') as per_resolved_issue,
                   sum(cost_unknown_outcome_count) as cost_unknown
            from marts.mart_cost_per_outcome where period_month = $1 and billing_currency = $2
            group by team_id
        ),
        spend as (
            select team_id, team_name, total_cost, unattributed_cost from marts.mart_team_spend
            where period_month = $1 and billing_currency = $2
        )
        select team_id, coalesce(spend.team_name, outcomes.team_name) as team_name,
               coalesce(total_cost, 0) as total_cost, coalesce(unattributed_cost, 0) as unattributed_cost,
               coalesce(merged_prs, 0) as merged_prs, per_merged_pr,
               coalesce(resolved_issues, 0) as resolved_issues, per_resolved_issue,
               coalesce(cost_unknown, 0) as cost_unknown
        from outcomes full join spend using (team_id)
        order by total_cost desc, team_name
    """, [month_start, currency])  # fmt: skip


def quadrant(con: duckdb.DuckDBPyConnection, month_start: date, currency: str) -> list[Row]:
    if not has_table(con, "mart_spend_efficiency"):
        return []
    return rows(con, """
        select team_name, quadrant, spend_per_head, outcomes_per_head, spend_per_head_threshold,
               outcomes_per_head_threshold, head_count, total_cost, weighted_outcome_count, cost_per_outcome,
               direct_share, person_in_flight_share, team_period_share
        from marts.mart_spend_efficiency
        where period_month = ? and billing_currency = ? and grain = 'team' and quadrant is not null
        order by quadrant, spend_per_head desc
    """, [month_start, currency])  # fmt: skip


def trend(con: duckdb.DuckDBPyConnection, month_start: date, currency: str) -> list[Row]:
    """Cost per outcome by team, type and month, up to the report's month (the months loaded)."""
    return rows(con, """
        select period_month, team_name, outcome_type, cost_per_outcome, outcome_count
        from marts.mart_cost_per_outcome
        where period_month <= ? and billing_currency = ? and cost_per_outcome is not null
          and outcome_type in ('pr_merged', 'issue_resolved')
        order by team_name, outcome_type, period_month
    """, [month_start, currency])  # fmt: skip


def method_costs(con: duckdb.DuckDBPyConnection, month_start: date, currency: str) -> Row:
    """The month's outcomes' cost by allocation method (mart_outcome_cost), for the method notes."""
    return rows(con, """
        select coalesce(sum(attributed_cost), 0) as attributed_cost, coalesce(sum(direct_cost), 0) as direct_cost,
               coalesce(sum(person_in_flight_cost), 0) as person_in_flight_cost,
               coalesce(sum(team_period_cost), 0) as team_period_cost
        from marts.mart_outcome_cost where occurred_month = ? and billing_currency = ?
    """, [month_start, currency])[0]  # fmt: skip


def spend_by_model(con: duckdb.DuckDBPyConnection, month_start: date, currency: str) -> list[Row]:
    """Billed cost by provider and canonical model (fct_ai_cost: no mart keeps every charge by model)."""
    return rows(con, """
        select ProviderName as provider, coalesce(x_model_canonical, '(no model)') as model,
               sum(BilledCost) as billed_cost
        from marts.fct_ai_cost
        where x_charge_date >= $1 and x_charge_date < $1 + interval 1 month and BillingCurrency = $2
        group by all order by billed_cost desc, provider, model
    """, [month_start, currency])  # fmt: skip


def unattributed_by_reason(con: duckdb.DuckDBPyConnection, month_start: date, currency: str) -> list[Row]:
    sums = ", ".join(f"coalesce(sum(unattributed_{r}_cost), 0)" for r, _ in UNATTRIBUTED_REASONS)
    values = con.execute(
        f"select {sums} from marts.mart_team_spend where period_month = ? and billing_currency = ?",
        [month_start, currency],
    ).fetchone()
    found = [{"reason": r, "meaning": m, "cost": v} for (r, m), v in zip(UNATTRIBUTED_REASONS, values, strict=True)]
    return sorted(found, key=lambda row: -row["cost"])


def top_outcomes(con: duckdb.DuckDBPyConnection, month_start: date, currency: str, limit: int = 10) -> list[Row]:
    return rows(con, """
        select o.title, o.url, o.outcome_type, coalesce(t.team_name, o.team_id) as team_name, o.attributed_cost,
               o.direct_cost, o.person_in_flight_cost, o.team_period_cost, o.cost_line_count,
               array_to_string(o.models_used, ', ') as models_used
        from marts.mart_outcome_cost as o
        left join marts.dim_team as t on t.team_id = o.team_id
        where o.occurred_month = ? and o.billing_currency = ? and o.attributed_cost > 0
        order by o.attributed_cost desc, o.outcome_id
        limit ?
    """, [month_start, currency, limit])  # fmt: skip


def budgets(con: duckdb.DuckDBPyConnection, month_start: date, currency: str) -> list[Row]:
    if not has_table(con, "mart_budget_status"):
        return []
    return rows(con, """
        select scope_kind, scope_name, budget_amount, alert_at_pct, actual_to_date, forecast_robust,
               forecast_pct_of_budget, days_until_exhausted, alert_level, is_month_closed
        from marts.mart_budget_status where budget_month = ? and billing_currency = ?
        order by forecast_pct_of_budget desc nulls last, scope_kind, scope_name
    """, [month_start, currency])  # fmt: skip


def anomalies(con: duckdb.DuckDBPyConnection, month_start: date, currency: str) -> list[Row]:
    if not has_table(con, "mart_spend_anomalies"):
        return []
    return rows(con, """
        select anomaly_date, scope_kind, scope_name, provider, spend, baseline_median, excess_spend, z_score
        from marts.mart_spend_anomalies
        where anomaly_date >= $1 and anomaly_date < $1 + interval 1 month and billing_currency = $2
        order by excess_spend desc, anomaly_date, scope_kind, scope_name
    """, [month_start, currency])  # fmt: skip


def routing(con: duckdb.DuckDBPyConnection, month_start: date, currency: str) -> list[Row]:
    if not has_table(con, "mart_model_efficiency"):
        return []
    return rows(con, """
        select outcome_type, provider, model_canonical, routed_to_model, outcomes_touched, list_cost, simulated_cost,
               potential_savings, direct_share, person_in_flight_share, team_period_share
        from marts.mart_model_efficiency
        where period_month = ? and billing_currency = ? and potential_savings > 0
        order by potential_savings desc, outcome_type, model_canonical
    """, [month_start, currency])  # fmt: skip
