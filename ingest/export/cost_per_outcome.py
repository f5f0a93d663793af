"""`costper export cost-per-outcome`: one month of mart_cost_per_outcome as CSV for finance.

Columns (stable): month, team_id, team_name, outcome_type, currency, outcomes, ai_assisted_outcomes,
cost, cost_per_outcome, median_cost_per_outcome, p90_cost_per_outcome, tokens_per_outcome,
outcomes_cost_unknown (outcomes by an AI agent whose billing source is not loaded: left out of the ratios),
direct_share, person_in_flight_share, team_period_share (how the cost reached the outcomes: exact to 12 decimals,
they sum to 1; blank where the cost is 0 and on the "(unattributed)" rows).
One row per team and outcome type with the cost attributed to the outcomes delivered that month, plus
one row per team with outcome_type "(unattributed)" for that month's charges that reached no outcome.
`cost` is rounded to cents by largest remainder: per currency, the rows sum exactly to the mart's total
for the month rounded to cents. Ratios are rounded half away from zero, for reading only.
"""

from __future__ import annotations

from pathlib import Path

import duckdb

from ingest.errors import InputError
from ingest.export.files import check_month, refuse_existing, write_export
from ingest.sql import sql_literal

EXPORT_SQL = """
with month_rows as (
    select period_month, team_id, team_name, outcome_type, billing_currency,
           outcome_count, ai_assisted_outcome_count, attributed_cost as exact_cost, cost_unknown_outcome_count,
           cost_per_outcome, median_cost_per_outcome, p90_cost_per_outcome, tokens_per_outcome,
           direct_share, person_in_flight_share, team_period_share
    from marts.mart_cost_per_outcome
    where period_month = {month_start}
),
unattributed as (
    select period_month, team_id, team_name, '(unattributed)' as outcome_type, billing_currency,
           0 as outcome_count, 0 as ai_assisted_outcome_count, unattributed_cost as exact_cost,
           0 as cost_unknown_outcome_count,
           null as cost_per_outcome, null as median_cost_per_outcome, null as p90_cost_per_outcome,
           null as tokens_per_outcome,
           null as direct_share, null as person_in_flight_share, null as team_period_share
    from marts.mart_team_spend
    where period_month = {month_start} and unattributed_cost <> 0
),
all_rows as (select * from month_rows union all by name select * from unattributed),
floored as (
    select *, floor(exact_cost * 100) as floor_cents, exact_cost * 100 - floor(exact_cost * 100) as remainder
    from all_rows
),
targets as (
    select billing_currency, round(sum(exact_cost), 2) * 100 - sum(floor_cents) as cents_to_add
    from floored group by billing_currency
),
ranked as (
    select f.*, t.cents_to_add,
           row_number() over (partition by f.billing_currency
                              order by f.remainder desc, f.team_id, f.outcome_type) as remainder_rank
    from floored f join targets t on f.billing_currency = t.billing_currency
)
select strftime(period_month, '%Y-%m') as month, team_id, team_name, outcome_type,
       billing_currency as currency, outcome_count as outcomes, ai_assisted_outcome_count as ai_assisted_outcomes,
       cast((floor_cents + case when remainder_rank <= cents_to_add then 1 else 0 end) * 0.01 as decimal(38, 2))
           as cost,
       cast(round(cost_per_outcome, 2) as decimal(38, 2)) as cost_per_outcome,
       cast(round(median_cost_per_outcome, 2) as decimal(38, 2)) as median_cost_per_outcome,
       cast(round(p90_cost_per_outcome, 2) as decimal(38, 2)) as p90_cost_per_outcome,
       round(tokens_per_outcome, 1) as tokens_per_outcome,
       cost_unknown_outcome_count as outcomes_cost_unknown,
       direct_share, person_in_flight_share, team_period_share
from ranked
order by currency, team_id, outcome_type = '(unattributed)', outcome_type
"""


MONTHS_SQL = """
select strftime(period_month, '%Y-%m') from marts.mart_cost_per_outcome where outcome_count <> 0 or attributed_cost <> 0
union
select strftime(period_month, '%Y-%m') from marts.mart_team_spend where total_cost <> 0
order by 1
"""


def export_cost_per_outcome(con: duckdb.DuckDBPyConnection, month: str, out: Path, *, force: bool = False) -> int:
    """Write the CSV (whole or not at all); returns the number of data rows. Refuses a month with no data (naming the
    months that have some) and an existing file unless `force`."""
    check_month(month)
    refuse_existing(out, force)
    try:
        months = [m for (m,) in con.execute(MONTHS_SQL).fetchall()]
    except duckdb.CatalogException:
        raise InputError("", "the warehouse has no marts yet: run costper build first") from None
    if month not in months:
        having = ", ".join(months) if months else "none yet"
        raise InputError("", f"--month {month}: no cost or outcomes in that month; months with data: {having}")
    month_start = f"cast({sql_literal(month + '-01')} as date)"
    con.execute(f"create or replace temp view _export as {EXPORT_SQL.format(month_start=month_start)}")
    rows = con.execute("select count(*) from _export").fetchall()[0][0]
    write_export(con, "select * from _export", out)
    return rows
