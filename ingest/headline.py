"""The headline: by team for the last month, the AI spend, the cost of each outcome type the month delivered
(merged PRs, resolved issues, solved tickets, a generic outcomes CSV's own types) and the spend that reached no
outcome. Read from mart_cost_per_outcome and mart_team_spend only."""

from __future__ import annotations

import duckdb

from ingest.status import format_table

# the outcome types a source of ours names, in this order, with their column names; any other type (a generic
# outcomes CSV's deployments, deals, ...) follows in alphabetical order as `<type>` and `usd_per_<type>`
KNOWN_TYPES = {
    "pr_merged": ("merged_prs", "usd_per_merged_pr"),
    "issue_resolved": ("resolved_issues", "usd_per_resolved_issue"),
    "ticket_solved": ("solved_tickets", "usd_per_solved_ticket"),
}

# one row per team and outcome type of the last month with outcomes (the mart has every team and type, zeros where
# nothing happened); only the types some team delivered that month become columns
HEADLINE_SQL = """
with last_month as (
    select max(period_month) as period_month from marts.mart_cost_per_outcome where outcome_count > 0
),
spend as (
    select s.team_id, s.total_cost, s.unattributed_cost
    from marts.mart_team_spend s
    join last_month l on s.period_month = l.period_month
    where s.billing_currency = 'USD'
),
per_type as (
    select m.team_id, m.team_name, m.outcome_type,
           sum(m.outcome_count) as outcomes,
           max(m.cost_per_outcome) as per_outcome,
           sum(m.cost_unknown_outcome_count) as unknown_outcomes
    from marts.mart_cost_per_outcome m
    join last_month l on m.period_month = l.period_month
    where m.billing_currency = 'USD'
    group by m.team_id, m.team_name, m.outcome_type
)
select per_type.team_id,
       per_type.team_name,
       coalesce(spend.total_cost, 0) as ai_spend,
       cast(round(coalesce(spend.total_cost, 0), 2) as varchar) as ai_spend_usd,
       cast(round(coalesce(spend.unattributed_cost, 0), 2) as varchar) as usd_without_outcomes,
       per_type.outcome_type,
       per_type.outcomes,
       coalesce(cast(round(per_type.per_outcome, 2) as varchar),
                case when per_type.unknown_outcomes > 0 then 'unknown' else '-' end) as usd_per_outcome
from per_type
left join spend on per_type.team_id = spend.team_id
"""


def _columns(outcome_type: str) -> tuple[str, str]:
    return KNOWN_TYPES.get(outcome_type, (outcome_type, f"usd_per_{outcome_type}"))


def headline_table(con: duckdb.DuckDBPyConnection) -> tuple[list[str], list[tuple]]:
    """The table's headers and rows: teams by spend (largest first), a count and a cost per outcome column pair for
    each outcome type delivered in the month."""
    rows = con.execute(HEADLINE_SQL).fetchall()
    delivered = {outcome_type for *_, outcome_type, outcomes, _per in rows if outcomes}
    known = [t for t in KNOWN_TYPES if t in delivered]
    types = known + sorted(delivered - set(known))
    teams: dict[str, dict] = {}
    for team_id, name, spend, spend_text, without_text, outcome_type, outcomes, per_outcome in rows:
        team = teams.setdefault(team_id, {"name": name, "spend": spend, "spend_text": spend_text,
                                          "without": without_text})  # fmt: skip
        team[outcome_type] = (outcomes, per_outcome)
    headers = ["team", "ai_spend_usd", *(c for t in types for c in _columns(t)), "usd_without_outcomes"]
    ordered = sorted(teams.values(), key=lambda team: (-team["spend"], team["name"]))
    table = [
        (t["name"], t["spend_text"], *(v for kind in types for v in t.get(kind, (0, "-"))), t["without"])
        for t in ordered
    ]
    return headers, table


def headline(con: duckdb.DuckDBPyConnection) -> str:
    month = con.execute(
        "select strftime(max(period_month), '%Y-%m') from marts.mart_cost_per_outcome where outcome_count > 0"
    ).fetchall()[0][0]
    headers, rows = headline_table(con)
    total = con.execute(
        """select cast(round(sum(x_cost_reporting), 2) as varchar),
                  cast(round(sum(x_cost_reporting) filter (where strftime(x_charge_date, '%Y-%m') = ?), 2) as varchar)
           from marts.fct_ai_cost where x_reporting_currency = 'USD'""",
        [month],
    ).fetchall()[0]
    title = f"AI cost per outcome by team, {month} (USD; all-time billed {total[0]}, this month {total[1]})"
    table = format_table(headers, rows)
    return (
        title
        + _not_converted_note(con, month)
        + "\n"
        + table
        + _unknown_cost_note(con, month)
        + _other_currencies_note(con, month)
    )


def _not_converted_note(con: duckdb.DuckDBPyConnection, month: str) -> str:
    """Billed money with no fx rate to USD for its date is in no USD total: say how much, per currency."""
    missing = con.execute(
        """select BillingCurrency, cast(round(sum(BilledCost), 2) as varchar),
                  cast(round(coalesce(sum(BilledCost) filter (where strftime(x_charge_date, '%Y-%m') = ?), 0), 2)
                       as varchar)
           from marts.fct_ai_cost where x_cost_reporting is null and BilledCost is not null
           group by BillingCurrency order by BillingCurrency""",
        [month],
    ).fetchall()
    return "".join(
        f"\n+ {currency} {amount} not converted ({this_month} of it this month): no fx rate for {currency} on "
        "those days; add it to seeds/fx_rates.csv and build again"
        for currency, amount, this_month in missing
    )


def _other_currencies_note(con: duckdb.DuckDBPyConnection, month: str) -> str:
    """The marts keep each billing currency apart, so the table is the USD-billed cost only."""
    (others,) = con.execute(
        """select list_sort(list_distinct(list(billing_currency))) from marts.mart_team_spend
           where strftime(period_month, '%Y-%m') = ? and billing_currency <> 'USD'""",
        [month],
    ).fetchall()[0]
    if not others:
        return ""
    return f"\nthe table is cost billed in USD; cost billed in {', '.join(others)} is in the marts in its own currency"


def _unknown_cost_note(con: duckdb.DuckDBPyConnection, month: str) -> str:
    """Outcomes whose cost no loaded source carries (an AI agent billed elsewhere) are unknown, not free."""
    ((unknown, sources),) = con.execute(
        """select sum(cost_unknown_outcome_count), list_sort(list_distinct(flatten(list(missing_cost_sources))))
           from marts.mart_cost_per_outcome
           where strftime(period_month, '%Y-%m') = ? and billing_currency = 'USD'""",
        [month],
    ).fetchall()
    if not unknown:
        return ""
    return (f"\nunknown: {unknown} outcomes by AI agents billed by a source not loaded ({', '.join(sources)}); "
            "they are left out of the cost per outcome")  # fmt: skip
