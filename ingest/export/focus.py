"""`costper export focus`: one charge month of marts.fct_ai_cost as a FOCUS 1.2 Cost and Usage file.

One row per cost line charged in the month (x_charge_date), plus one Credit row per provider and currency for
the credits only the invoice carries (mart_finance_invoice_reconciliation.invoice_only_credits), so BilledCost
sums to the month's bill as the finance export does. Money stays the mart's DECIMAL(38,12), never a float. Every
column, and the choices behind it, is in README "FOCUS export"; APPLICABILITY_CRITERIA is what the file claims
when focus-validator checks it.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Literal

import duckdb

from ingest.errors import InputError
from ingest.export.files import check_month, refuse_existing, write_export
from ingest.sql import sql_literal

FOCUS_VERSION = "1.2"
# What the AI providers costper reads support, in focus-validator's terms: published list prices per unit,
# measured usage, sub-accounts (Anthropic workspaces and OpenAI projects: two kinds) and tags (costper's).
# Not claimed: commitment discounts, negotiated prices, regions, zones, capacity reservations, resources,
# virtual currency, billing account names or types.
APPLICABILITY_CRITERIA = (
    "PUBLIC_PRICE_LIST_SUPPORTED",
    "UNIT_PRICING_SUPPORTED",
    "USAGE_MEASUREMENT_SUPPORTED",
    "SUB_ACCOUNT_SUPPORTED",
    "MULTIPLE_SUB_ACCOUNT_TYPES_SUPPORTED",
    "TAGGING_SUPPORTED",
)
FOCUS_COLUMNS = (
    "BilledCost", "BillingAccountId", "BillingAccountName", "BillingCurrency", "BillingPeriodEnd",
    "BillingPeriodStart", "ChargeCategory", "ChargeClass", "ChargeDescription", "ChargeFrequency", "ChargePeriodEnd",
    "ChargePeriodStart", "CommitmentDiscountStatus", "ConsumedQuantity", "ConsumedUnit", "ContractedCost",
    "EffectiveCost", "InvoiceId", "InvoiceIssuerName", "ListCost", "ListUnitPrice", "PricingCategory",
    "PricingCurrency", "PricingCurrencyContractedUnitPrice", "PricingCurrencyEffectiveCost",
    "PricingCurrencyListUnitPrice", "PricingQuantity", "PricingUnit", "ProviderName", "PublisherName",
    "ServiceCategory", "ServiceName", "ServiceSubcategory", "SkuId", "SkuMeter", "SkuPriceDetails", "SkuPriceId",
    "SubAccountId", "SubAccountName", "SubAccountType", "Tags",
)  # fmt: skip
X_COLUMNS = (
    "x_service_provider_name", "x_source", "x_cost_line_id", "x_charge_date", "x_model", "x_model_canonical",
    "x_token_type", "x_cache_ttl", "x_principal_kind", "x_principal_id", "x_person_id", "x_team_id",
    "x_cost_center", "x_outcome_refs", "x_attribution_methods", "x_outcome_ids", "x_allocation_bucket_id",
    "x_unattributed_cost", "x_unattributed_reasons", "x_list_cost_is_billed", "x_quantity_is_unknown",
    "x_distribution",
)  # fmt: skip
# passed through from fct_ai_cost as they are
FCT_X_COLUMNS = (
    "x_source", "x_charge_date", "x_model", "x_model_canonical", "x_token_type", "x_cache_ttl", "x_principal_kind",
    "x_principal_id", "x_person_id", "x_team_id", "x_distribution",
)  # fmt: skip
TIMESTAMP_COLUMNS = ("BillingPeriodStart", "BillingPeriodEnd", "ChargePeriodStart", "ChargePeriodEnd")
Format = Literal["csv", "parquet"]

# Providers publish token (and web-search request) prices per million; the pricing unit says so ('1000000 Tokens').
# Other units (a seat's 'Seat-Days') are priced per unit: FOCUS's unit format has no '1000000 Seat-Days'.
PRICING_UNIT_SIZE = 1_000_000
PER_MILLION_UNITS = ("Tokens", "Requests")
UNIT_SIZE = f"(case when lines.ConsumedUnit in {PER_MILLION_UNITS} then {PRICING_UNIT_SIZE} else 1 end)"
# FOCUS needs a quantity on every Usage row; a line billed without one is one 'Charge' (x_quantity_is_unknown),
# never an invented token count, so sums over ConsumedUnit 'Tokens' stay true.
UNKNOWN_QUANTITY_UNIT = "Charge"


def _json_object(*pairs: tuple[str, str]) -> str:
    """A JSON object of the pairs whose value is not null ('{}' when none): FOCUS leaves a key without a value
    out. Values go through to_json, so quoting and escaping are DuckDB's."""
    parts = ", ".join(
        f"case when {value} is not null then '\"{key}\":' || to_json({value}) end" for key, value in pairs
    )
    return f"'{{' || concat_ws(',', {parts}) || '}}'"


COSTPER_TAGS = _json_object(
    ("costper/team", "lines.x_team_id"),
    ("costper/cost_center", "coalesce(memberships.cost_center, teams.cost_center)"),
    ("costper/outcome_refs", "nullif(array_to_string(lines.x_outcome_refs, ';'), '')"),
)
# the provider's own tags (none from today's sources) keep their keys; costper's are prefixed 'costper/'
TAGS = f"""case when lines.Tags is null then {COSTPER_TAGS}
    else cast(json_merge_patch(lines.Tags, {COSTPER_TAGS}) as varchar) end"""

# FOCUS's AI model properties of a SKU price: the direction and cache interaction of the metered tokens, left out
# where they do not apply (no TokenCacheAction on output tokens; neither on requests or other charges).
TOKEN_DIRECTION = """case when lines.ConsumedUnit = 'Tokens' then case
    when lines.x_token_type in ('output', 'reasoning') then 'Output'
    when lines.x_token_type in ('input', 'cache_read', 'cache_write') then 'Input'
end end"""
TOKEN_CACHE_ACTION = """case when lines.ConsumedUnit = 'Tokens' then case lines.x_token_type
    when 'input' then 'Uncached' when 'cache_read' then 'Read' when 'cache_write' then 'Write'
end end"""
SKU_PRICE_DETAILS = _json_object(
    ("ModelDeveloper", "case when lines.x_model is not null then lines.ProviderName end"),
    ("ModelId", "lines.x_model"),
    ("TokenDirection", TOKEN_DIRECTION),
    ("TokenCacheAction", TOKEN_CACHE_ACTION),
    ("x_CacheRetention", "lines.x_cache_ttl"),
)


def _unit_price(cost: str) -> str:
    """`cost` per pricing unit, to 12 decimals, half up, in integers of 1e-12 (DuckDB's DECIMAL division goes
    through a double). Exact for list prices: ListCost is the token count times the seed's price."""
    quantity = "cast(round(lines.ConsumedQuantity) as hugeint)"
    units = f"cast({cost} * 1000000000000 as hugeint) * {UNIT_SIZE}"
    exact = f"cast(({units} * 2 + {quantity}) // (2 * {quantity}) as decimal(38, 0)) * 0.000000000001"
    return f"""case
        when lines.ChargeCategory <> 'Usage' then null
        when lines.ConsumedQuantity is null then {cost}
        when round(lines.ConsumedQuantity) = 0 then cast(0 as decimal(38, 12))
        else cast({exact} as decimal(38, 12))
    end"""


EXPORT_SQL = """
with

lines as (
    select * from marts.fct_ai_cost
    where x_charge_date >= {month_start} and x_charge_date < {month_end}
        and not coalesce(x_cost_is_estimated, false)  -- an estimate (a gateway's) is no charge of the bill
),

memberships as (select * from marts.dim_team_membership),

teams as (select * from marts.dim_team),

ledger as (
    select cost_line_id, method, outcome_id, unattributed_reason, allocated_cost, allocation_bucket_id
    from marts.fct_cost_allocation
    where charge_month = {month_start} and cost_line_id is not null
    union all
    select cost_line_id, 'team_period', null, null, null, allocation_bucket_id
    from marts.fct_cost_line_buckets
    where charge_month = {month_start}
),

attribution as (
    select
        cost_line_id,
        string_agg(distinct method, ';' order by method) as methods,
        string_agg(distinct outcome_id, ';' order by outcome_id) as outcome_ids,
        any_value(allocation_bucket_id) as allocation_bucket_id,
        sum(case when method = 'unattributed' then allocated_cost else 0 end) as unattributed_cost,
        string_agg(distinct unattributed_reason, ';' order by unattributed_reason) as unattributed_reasons
    from ledger
    group by 1
),

accounts as (
    -- cost lines do not say which of a provider's billing accounts they are on: the invoice's, when it names one
    select
        provider_key as provider,
        billing_currency,
        case when count(distinct billing_account) = 1 then min(billing_account) end as billing_account,
        case when count(distinct invoice_id) = 1 then min(invoice_id) end as invoice_id
    from staging.stg_costper__invoices
    where invoice_month = {month_start}
    group by 1, 2
),

line_rows as (
    select
        lines.BilledCost,
        lines.BillingCurrency,
        lines.ChargeCategory,
        lines.ChargeDescription,
        case when lines.ChargeCategory = 'Usage' then 'Usage-Based' else 'One-Time' end as ChargeFrequency,
        lines.ChargePeriodEnd,
        lines.ChargePeriodStart,
        case when lines.ChargeCategory = 'Usage' then coalesce(lines.ConsumedQuantity, 1) end as ConsumedQuantity,
        case when lines.ChargeCategory = 'Usage' then
            case when lines.ConsumedQuantity is null then '{unknown_unit}' else lines.ConsumedUnit end
        end as ConsumedUnit,
        lines.BilledCost as ContractedCost,
        lines.EffectiveCost,
        coalesce(lines.ListCost, lines.BilledCost) as ListCost,
        {list_unit_price} as ListUnitPrice,
        case when lines.ChargeCategory = 'Usage' then 'Standard' end as PricingCategory,
        {billed_unit_price} as PricingCurrencyContractedUnitPrice,
        ListUnitPrice as PricingCurrencyListUnitPrice,
        case when lines.ChargeCategory = 'Usage' then coalesce(cast(
            case when {unit_size} = 1 then lines.ConsumedQuantity else lines.ConsumedQuantity * {pricing_unit_share} end
            as decimal(38, 12)), 1) end as PricingQuantity,
        case when lines.ChargeCategory = 'Usage' then
            case when lines.ConsumedQuantity is null then '{unknown_unit}'
                when {unit_size} = 1 then lines.ConsumedUnit
                else '{pricing_unit_size} ' || lines.ConsumedUnit end
        end as PricingUnit,
        lines.ProviderName,
        lines.ServiceCategory,
        lines.ServiceName,
        lines.SkuId,
        lines.SkuMeter,
        {sku_price_details} as SkuPriceDetails,
        lines.SkuId || case when lines.ListCost is null then ':billed' else ':list' end as SkuPriceId,
        lines.SubAccountId,
        case when lines.SubAccountId is not null then
            case
                when lines.x_source like 'anthropic%' then 'Workspace'
                when lines.x_source like 'openai%' then 'Project'
                when lines.x_source = 'aws_cur' then 'Account'
                when lines.x_source = 'azure_cost_details' then 'Subscription'
                when lines.x_source = 'gcp_billing_export' then 'Billing Account'
                when lines.x_source like 'github%' then 'Organization'
                when lines.x_source = 'costper_seats' then 'Seat Plan'
                else 'Sub Account'
            end
        end as SubAccountType,
        {tags} as Tags,
        lines.ServiceProviderName as x_service_provider_name,
        {fct_x_columns},
        lines.cost_line_id as x_cost_line_id,
        coalesce(memberships.cost_center, teams.cost_center) as x_cost_center,
        nullif(array_to_string(lines.x_outcome_refs, ';'), '') as x_outcome_refs,
        attribution.methods as x_attribution_methods,
        attribution.outcome_ids as x_outcome_ids,
        attribution.allocation_bucket_id as x_allocation_bucket_id,
        coalesce(attribution.unattributed_cost, 0) as x_unattributed_cost,
        attribution.unattributed_reasons as x_unattributed_reasons,
        lines.ListCost is null as x_list_cost_is_billed,
        lines.ChargeCategory = 'Usage' and lines.ConsumedQuantity is null as x_quantity_is_unknown
    from lines
    left join memberships
        on lines.x_person_id = memberships.person_id
        and lines.x_team_id = memberships.team_id
        and memberships.valid_from <= lines.x_charge_date
        and (memberships.valid_to is null or lines.x_charge_date < memberships.valid_to)
    left join teams
        on lines.x_team_id = teams.team_id
    left join attribution
        on lines.cost_line_id = attribution.cost_line_id
),

providers as (
    select lower(ProviderName) as provider, any_value(ProviderName) as ProviderName,
           any_value(ServiceName) as ServiceName, any_value(ServiceProviderName) as x_service_provider_name
    from marts.fct_ai_cost
    group by 1
),

credit_rows as (
    -- a credit the invoice applied that no cost line carries: the account's, on no sub-account, tags or SKU
    select
        reconciliation.invoice_only_credits as BilledCost,
        reconciliation.billing_currency as BillingCurrency,
        'Credit' as ChargeCategory,
        'Credit applied on invoice ' || array_to_string(reconciliation.invoice_ids, ', ') as ChargeDescription,
        'One-Time' as ChargeFrequency,
        {month_end_ts} as ChargePeriodEnd,
        {month_start_ts} as ChargePeriodStart,
        reconciliation.invoice_only_credits as ContractedCost,
        reconciliation.invoice_only_credits as EffectiveCost,
        reconciliation.invoice_only_credits as ListCost,
        providers.ProviderName,
        'AI and Machine Learning' as ServiceCategory,
        providers.ServiceName,
        '{{}}' as Tags,
        providers.x_service_provider_name,
        'invoice' as x_source,
        false as x_list_cost_is_billed,
        false as x_quantity_is_unknown
    from marts.mart_finance_invoice_reconciliation as reconciliation
    inner join providers
        on reconciliation.provider = providers.provider
    where reconciliation.charge_month = {month_start} and reconciliation.invoice_only_credits <> 0
),

focus_rows as (
    select * from line_rows
    union all by name
    select * from credit_rows
)

select
    focus_rows.*,
    coalesce(accounts.billing_account, lower(focus_rows.ProviderName)) as BillingAccountId,
    coalesce(accounts.billing_account, lower(focus_rows.ProviderName)) as BillingAccountName,
    {month_end_ts} as BillingPeriodEnd,
    {month_start_ts} as BillingPeriodStart,
    cast(null as varchar) as ChargeClass,
    cast(null as varchar) as CommitmentDiscountStatus,
    accounts.invoice_id as InvoiceId,
    focus_rows.ProviderName as InvoiceIssuerName,
    focus_rows.BillingCurrency as PricingCurrency,
    focus_rows.EffectiveCost as PricingCurrencyEffectiveCost,
    focus_rows.ProviderName as PublisherName,
    'Generative AI' as ServiceSubcategory,
    focus_rows.SubAccountId as SubAccountName
from focus_rows
left join accounts
    on lower(focus_rows.ProviderName) = accounts.provider
    and focus_rows.BillingCurrency = accounts.billing_currency
"""


def export_focus(
    con: duckdb.DuckDBPyConnection, month: str, out: Path, *, file_format: Format = "csv", force: bool = False
) -> tuple[int, dict[str, Decimal]]:
    """Write the file (whole or not at all); returns the number of rows and BilledCost per currency."""
    check_month(month)
    refuse_existing(out, force)
    month_start = f"cast({sql_literal(month + '-01')} as date)"
    month_end = f"cast({month_start} + interval 1 month as date)"
    select = EXPORT_SQL.format(
        month_start=month_start,
        month_end=month_end,
        list_unit_price=_unit_price("coalesce(lines.ListCost, lines.BilledCost)"),
        billed_unit_price=_unit_price("lines.BilledCost"),
        tags=TAGS,
        sku_price_details=SKU_PRICE_DETAILS,
        fct_x_columns=", ".join(f"lines.{c}" for c in FCT_X_COLUMNS),
        month_start_ts=f"cast({month_start} as timestamptz)",
        month_end_ts=f"cast({month_end} as timestamptz)",
        unknown_unit=UNKNOWN_QUANTITY_UNIT,
        pricing_unit_share=f"{Decimal(1) / PRICING_UNIT_SIZE:f}",
        pricing_unit_size=PRICING_UNIT_SIZE,
        unit_size=UNIT_SIZE,
    )
    con.execute("set TimeZone = 'UTC'")
    try:
        con.execute(f"create or replace temp table _focus_export as {select}")
    except duckdb.CatalogException:
        raise InputError("", "the warehouse has no cost marts yet: run costper build first") from None
    rows = con.execute("select count(*) from _focus_export").fetchall()[0][0]
    if not rows:
        months = con.execute(
            "select string_agg(m, ', ' order by m)"
            " from (select distinct strftime(x_charge_date, '%Y-%m') as m from marts.fct_ai_cost)"
        ).fetchall()[0][0]
        raise InputError(
            "", f"--month {month}: no cost lines charged in that month; months with cost lines: {months or 'none yet'}"
        )
    write_export(con, _file_select(file_format), out, file_format=file_format)
    totals = con.execute("select BillingCurrency, sum(BilledCost) from _focus_export group by 1 order by 1").fetchall()
    return rows, dict(totals)


def _file_select(file_format: Format) -> str:
    """FOCUS columns first, then costper's; a CSV spells date/times as FOCUS does (2026-10-01T00:00:00Z), a
    Parquet file keeps them typed (TIMESTAMP WITH TIME ZONE, UTC)."""
    columns = [
        f"strftime({c}, '%Y-%m-%dT%H:%M:%SZ') as {c}" if file_format == "csv" and c in TIMESTAMP_COLUMNS else c
        for c in (*FOCUS_COLUMNS, *X_COLUMNS)
    ]
    return f"select {', '.join(columns)} from _focus_export order by x_charge_date nulls last, x_source, x_cost_line_id"
