"""`costper export finance`: one charge month of mart_finance_chargeback in cents, for finance.

Columns (stable, README "Finance"): month, period_start, period_end, currency, provider, cost_center, team_id,
team_name, allocation_basis, billed_cost, effective_cost, list_cost, credits, reconciled_against, invoice_ids.
Each money column is rounded to cents by largest remainder within each provider and currency (DESIGN.md,
cumulative rounding), so a provider's rows sum exactly to its month rounded to cents, which is its invoice when the
invoice ties (mart_finance_invoice_reconciliation), and the file's rows sum to the month's bill. The totals are
not a row (a total row would be summed again by a spreadsheet): the command prints them, one line per provider.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Literal

import duckdb

from ingest.errors import InputError
from ingest.export.files import check_month, refuse_existing, write_export
from ingest.sql import sql_literal

MONEY_COLUMNS = ("billed_cost", "effective_cost", "list_cost", "credits")
Format = Literal["csv", "parquet"]


def _cents_sql(column: str) -> str:
    """Largest remainder to cents within a provider and currency: every row takes its floor in cents, and the
    cents the floors leave short of the rounded total go one each to the rows with the largest remainders (ties by
    the row's key, so the file is the same on every run)."""
    exact = f"coalesce({column}, 0)"
    partition = "partition by provider, billing_currency"
    key = "cost_center, team_id, allocation_basis"
    floor_cents = f"floor({exact} * 100)"
    short = f"round(sum({exact}) over ({partition}), 2) * 100 - sum({floor_cents}) over ({partition})"
    rank = f"row_number() over ({partition} order by {exact} * 100 - {floor_cents} desc, {key})"
    return f"cast(({floor_cents} + case when {rank} <= {short} then 1 else 0 end) * 0.01 as decimal(38, 2))"


EXPORT_SQL = """
select
    strftime(chargeback.charge_month, '%Y-%m') as month,
    cast(chargeback.charge_month as date) as period_start,
    cast(chargeback.charge_month + interval 1 month as date) as period_end,
    chargeback.billing_currency as currency,
    chargeback.provider,
    chargeback.cost_center,
    chargeback.team_id,
    chargeback.team_name,
    chargeback.allocation_basis,
    {money},
    chargeback.reconciled_against,
    array_to_string(reconciliation.invoice_ids, ';') as invoice_ids
from marts.mart_finance_chargeback as chargeback
join marts.mart_finance_invoice_reconciliation as reconciliation
    using (charge_month, provider, billing_currency)
where chargeback.charge_month = {month_start}
order by currency, provider, cost_center, team_id, allocation_basis
"""

TOTALS_SQL = """
select e.currency, e.provider, sum(e.billed_cost), any_value(r.reconciled_against), any_value(e.invoice_ids),
       any_value(r.invoice_amount), any_value(r.is_month_closed)
from _finance_export as e
join marts.mart_finance_invoice_reconciliation as r
    on r.charge_month = {month_start} and r.provider = e.provider and r.billing_currency = e.currency
group by e.currency, e.provider
order by e.currency, e.provider
"""


@dataclass(frozen=True)
class ProviderTotal:
    currency: str
    provider: str
    billed_cost: Decimal
    reconciled_against: str
    invoice_ids: str
    invoice_amount: Decimal | None
    is_month_closed: bool

    def line(self, month: str) -> str:
        head = f"{month} {self.currency} {self.provider}: {self.billed_cost}"
        if self.reconciled_against != "invoice":
            return f"{head} (no invoice loaded: the cost exports' total)"
        if self.invoice_amount == self.billed_cost:
            return f"{head} = invoice {self.invoice_ids}"
        state = "month not over" if not self.is_month_closed else "does not tie"
        return f"{head}, invoice {self.invoice_ids} says {self.invoice_amount} ({state})"


def export_finance(
    con: duckdb.DuckDBPyConnection, month: str, out: Path, *, file_format: Format = "csv", force: bool = False
) -> tuple[int, list[ProviderTotal]]:
    """Write the file (whole or not at all); returns the number of rows and the totals per provider."""
    check_month(month)
    refuse_existing(out, force)
    month_start = f"cast({sql_literal(month + '-01')} as date)"
    money = ",\n    ".join(f"{_cents_sql('chargeback.' + c)} as {c}" for c in MONEY_COLUMNS)
    select = EXPORT_SQL.format(money=money, month_start=month_start)
    try:
        con.execute(f"create or replace temp table _finance_export as {select}")
    except duckdb.CatalogException:
        raise InputError("", "the warehouse has no finance marts yet: run costper build first") from None
    rows = con.execute("select count(*) from _finance_export").fetchall()[0][0]
    if not rows:
        months = con.execute(
            "select string_agg(m, ', ' order by m) from"
            " (select distinct strftime(charge_month, '%Y-%m') as m from marts.mart_finance_chargeback)"
        ).fetchall()[0][0]
        raise InputError("", f"--month {month}: no charges in that month; months with charges: {months or 'none yet'}")
    write_export(con, "select * from _finance_export", out, file_format=file_format)
    totals = [ProviderTotal(*row) for row in con.execute(TOTALS_SQL.format(month_start=month_start)).fetchall()]
    return rows, totals
