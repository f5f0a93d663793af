"""The report's page: the marts' figures (data.py) formatted (fmt.py), the charts (charts.py), into one HTML file
with its styles inline (report.html.j2). A section whose mart is absent or has no rows for the month is left out."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import duckdb
import jinja2

from ingest.report import charts, data, fmt
from ingest.report.data import MonthTotals, Row

TEMPLATE = Path(__file__).with_name("report.html.j2")


def previous_month(start: date) -> date:
    return date(start.year - 1, 12, 1) if start.month == 1 else date(start.year, start.month - 1, 1)


def _per(totals: MonthTotals, outcome_type: str) -> Any:
    _, known, cost = totals.by_type.get(outcome_type, (0, 0, 0))
    return fmt.ratio(cost, known)


def _cards(now: MonthTotals, before: MonthTotals, currency: str) -> list[dict[str, str]]:
    """The headline figures, each with last month's and the change."""
    share_now, share_before = fmt.ratio(now.unattributed, now.spend), fmt.ratio(before.unattributed, before.spend)
    figures = [
        ("spend", "AI spend", now.spend, before.spend, "money"),
        ("outcomes", "Outcomes delivered", now.outcomes, before.outcomes, "count"),
        ("cost-per-merged-pr", "Cost per merged PR", _per(now, "pr_merged"), _per(before, "pr_merged"), "money"),
        ("cost-per-resolved-issue", "Cost per resolved issue", _per(now, "issue_resolved"),
         _per(before, "issue_resolved"), "money"),
        ("unattributed-share", "Spend that reached no outcome", share_now, share_before, "share"),
    ]  # fmt: skip
    cards = []
    for key, label, value, previous, kind in figures:
        if kind == "money":
            shown, raw = fmt.money(value), "" if value is None else str(fmt.cents(value))
            was, delta = fmt.money(previous, currency), fmt.change(value, previous)
        elif kind == "count":
            shown, raw, was, delta = fmt.count(value), str(value), fmt.count(previous), fmt.change(value, previous)
        else:
            shown, was, delta = fmt.percent(value), fmt.percent(previous), fmt.points(value, previous)
            raw = shown
        unit = currency if kind == "money" else ""
        cards.append({"key": key, "label": label, "value": shown, "raw": raw, "unit": unit, "was": was,
                      "change": delta, "tone": _tone(key, delta)})  # fmt: skip
    return cards


def _tone(key: str, delta: str) -> str:
    """'worse' or 'better' (a colour; the arrow and the signed number say it too): up is worse for cost per outcome
    and the unattributed share, better for outcomes; spend is neither, more of it may buy more outcomes."""
    if not delta or delta == "no change" or key == "spend":
        return ""
    return "worse" if delta.startswith("+") != (key == "outcomes") else "better"


def _team_rows(teams: list[Row], currency: str) -> list[dict[str, str]]:
    def per(value: Any, count: int, unknown: int) -> str:
        return fmt.money(value) if value is not None else ("unknown" if count and unknown else fmt.NONE)

    return [{
        "team": t["team_name"], "spend": fmt.money(t["total_cost"]), "merged_prs": fmt.count(t["merged_prs"]),
        "per_merged_pr": per(t["per_merged_pr"], t["merged_prs"], t["cost_unknown"]),
        "resolved_issues": fmt.count(t["resolved_issues"]),
        "per_resolved_issue": per(t["per_resolved_issue"], t["resolved_issues"], t["cost_unknown"]),
        "unattributed": fmt.money(t["unattributed_cost"]),
        "unattributed_share": fmt.percent(fmt.ratio(t["unattributed_cost"], t["total_cost"])),
    } for t in teams]  # fmt: skip


def _trend_table(rows: list[Row], months: list[str]) -> list[dict[str, Any]]:
    table: dict[tuple[str, str], dict[str, str]] = {}
    for r in rows:
        cell = table.setdefault((r["team_name"], r["outcome_type"]), {})
        cell[f"{r['period_month']:%Y-%m}"] = fmt.money(r["cost_per_outcome"])
    return [{"team": team, "type": charts.TYPE_LABELS[kind], "values": [cells.get(m, fmt.NONE) for m in months]}
            for (team, kind), cells in sorted(table.items())]  # fmt: skip


def context(con: duckdb.DuckDBPyConnection, month: str, currency: str | None = None) -> dict[str, Any]:
    start = date.fromisoformat(f"{month}-01")
    currency, others = data.choose_currency(con, start, currency)
    before_start = previous_month(start)
    now, before = data.month_totals(con, start, currency), data.month_totals(con, before_start, currency)
    methods = data.method_costs(con, start, currency)
    figures: dict[str, charts.Figure] = {}

    quadrant = data.quadrant(con, start, currency)
    if quadrant:
        figures["quadrant"] = charts.quadrant(quadrant, currency)
    trend = data.trend(con, start, currency)
    months = sorted({f"{r['period_month']:%Y-%m}" for r in trend})
    if trend:
        figures["trend"] = charts.trend(trend, months)
    by_model = data.spend_by_model(con, start, currency)
    if by_model:
        figures["spend_by_model"] = charts.spend_by_model(by_model, currency)
    reasons = data.unattributed_by_reason(con, start, currency)
    if any(r["cost"] for r in reasons):
        figures["unattributed"] = charts.unattributed_by_reason(reasons, currency)
    budgets = data.budgets(con, start, currency)
    if any(b["forecast_pct_of_budget"] is not None for b in budgets):
        figures["budgets"] = charts.budgets(budgets)
    teams = data.teams(con, start, currency)
    routing = data.routing(con, start, currency)
    unknown = sum(c - k for c, k, _ in now.by_type.values())
    return {
        "month": month, "month_label": f"{start:%B %Y}", "previous_label": f"{before_start:%B %Y}",
        "currency": currency, "other_currencies": others, "cards": _cards(now, before, currency),
        "cost_unknown_outcomes": unknown,
        "method_split": fmt.method_split(methods["direct_cost"], methods["person_in_flight_cost"],
                                         methods["team_period_cost"]),
        "attributed_cost": fmt.money(methods["attributed_cost"], currency),
        "teams": _team_rows(teams, currency), "figures": figures,
        "quadrant": [{
            "team": q["team_name"], "quadrant": charts.QUADRANTS[q["quadrant"]][0].removesuffix(" (waste)"),
            "waste": q["quadrant"] == "high_spend_low_outcomes", "spend_per_head": fmt.money(q["spend_per_head"]),
            "outcomes_per_head": f"{q['outcomes_per_head']:.2f}", "head_count": f"{q['head_count']:.1f}",
            "method": fmt.method_split(*(q[f"{m}_share"] or 0 for m in ("direct", "person_in_flight", "team_period"))),
        } for q in quadrant],
        "trend_months": months, "trend_table": _trend_table(trend, months),
        "spend_by_model": [{"provider": r["provider"], "model": r["model"], "cost": fmt.money(r["billed_cost"])}
                           for r in by_model],
        "spend_by_model_total": fmt.money(sum(r["billed_cost"] for r in by_model), currency),
        "reasons": [{**r, "reason": r["reason"].replace("_", " "), "cost": fmt.money(r["cost"]),
                     "share": fmt.percent(fmt.ratio(r["cost"], now.unattributed))} for r in reasons if r["cost"]],
        "unattributed_total": fmt.money(now.unattributed, currency),
        "top_outcomes": [{**o, "type": o["outcome_type"].replace("_", " "), "cost": fmt.money(o["attributed_cost"]),
                          "method": fmt.method_split(o["direct_cost"], o["person_in_flight_cost"],
                                                     o["team_period_cost"])}
                         for o in data.top_outcomes(con, start, currency)],
        "budgets": [{**b, "scope_kind": b["scope_kind"].replace("_", " "), "budget": fmt.money(b["budget_amount"]),
                     "actual": fmt.money(b["actual_to_date"]), "forecast": fmt.money(b["forecast_robust"]),
                     "pct": fmt.percent(None if b["forecast_pct_of_budget"] is None
                                        else b["forecast_pct_of_budget"] / 100)} for b in budgets],
        "anomalies": [{**a, "spend": fmt.money(a["spend"]), "baseline": fmt.money(a["baseline_median"]),
                       "excess": fmt.money(a["excess_spend"]),
                       "z": fmt.NONE if a["z_score"] is None else f"{a['z_score']:.1f}"}
                      for a in data.anomalies(con, start, currency)],
        "routing": [{**r, "type": r["outcome_type"].replace("_", " "), "list": fmt.money(r["list_cost"]),
                     "simulated": fmt.money(r["simulated_cost"]), "savings": fmt.money(r["potential_savings"])}
                    for r in routing],
        "routing_total": fmt.money(sum(r["potential_savings"] for r in routing), currency),
    }  # fmt: skip


def render_html(con: duckdb.DuckDBPyConnection, month: str, currency: str | None = None) -> str:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATE.parent), autoescape=True, trim_blocks=True, lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
    )  # fmt: skip
    return env.get_template(TEMPLATE.name).render(**context(con, month, currency))
