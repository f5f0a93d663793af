"""The demo's headline: cost per merged PR and per resolved issue by team for the last month, and the
spend that reached no outcome. Read from mart_cost_per_outcome and mart_team_spend only."""

from __future__ import annotations

import duckdb

from ingest.status import format_table

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
by_team as (
    select m.team_name,
           max(spend.total_cost) as ai_spend,
           sum(case when m.outcome_type = 'pr_merged' then m.outcome_count end) as merged_prs,
           max(case when m.outcome_type = 'pr_merged' then m.cost_per_outcome end) as per_merged_pr,
           sum(case when m.outcome_type = 'pr_merged' then m.cost_unknown_outcome_count end) as unknown_prs,
           sum(case when m.outcome_type = 'issue_resolved' then m.outcome_count end) as resolved_issues,
           max(case when m.outcome_type = 'issue_resolved' then m.cost_per_outcome end) as per_resolved_issue,
           sum(case when m.outcome_type = 'issue_resolved' then m.cost_unknown_outcome_count end) as unknown_issues,
           max(spend.unattributed_cost) as without_outcomes
    from marts.mart_cost_per_outcome m
    join last_month l on m.period_month = l.period_month
    left join spend on m.team_id = spend.team_id
    where m.billing_currency = 'USD'
    group by m.team_id, m.team_name
)
select team_name as team,
       cast(round(coalesce(ai_spend, 0), 2) as varchar) as ai_spend_usd,
       merged_prs,
       coalesce(cast(round(per_merged_pr, 2) as varchar), case when unknown_prs > 0 then 'unknown' else '-' end)
           as usd_per_merged_pr,
       resolved_issues,
       coalesce(cast(round(per_resolved_issue, 2) as varchar), case when unknown_issues > 0 then 'unknown' else '-' end)
           as usd_per_resolved_issue,
       cast(round(coalesce(without_outcomes, 0), 2) as varchar) as usd_without_outcomes
from by_team
order by coalesce(ai_spend, 0) desc
"""


def headline(con: duckdb.DuckDBPyConnection) -> str:
    month = con.execute(
        "select strftime(max(period_month), '%Y-%m') from marts.mart_cost_per_outcome where outcome_count > 0"
    ).fetchall()[0][0]
    cursor = con.execute(HEADLINE_SQL)
    headers = [d[0] for d in cursor.description]
    rows = cursor.fetchall()
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
