"""`costper prices refresh`: the model price seed (seeds/model_prices.csv) generated from the genai-prices package.

genai-prices (MIT licence, pydantic/genai-prices) ships each model's list prices as Decimals per million tokens,
with the date a price starts. The seed keeps what costper's price lookup reads: one row per provider, model
prefix, price token type and start date. Effective dating is the point: a price with a later start date never
reprices a charge dated before it, and a price the package gives no start date starts on EARLY_VALID_FROM, a
fixed date, never the day of the refresh, so refreshing never reprices old spend with today's price.

The file depends only on the package version and the overrides file: rows are sorted and carry no timestamp,
so a re-run with the same version writes the same bytes. Hand-kept prices (models the package lacks, or a price
costper must keep) live in prices/model_price_overrides.csv, win for the same provider, model, token type and
start date, and are marked source 'costper'.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_EVEN, Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from ingest.errors import InputError
from ingest.warehouse import PROJECT_DIR

PACKAGE = "genai-prices"
SEED_PATH = PROJECT_DIR / "seeds" / "model_prices.csv"
OVERRIDES_PATH = PROJECT_DIR / "prices" / "model_price_overrides.csv"
COLUMNS = ("provider", "model", "token_type", "usd_per_million_tokens", "valid_from", "source")
OVERRIDE_SOURCE = "costper"
SCALE = 12  # decimal places of the seed's usd_per_million_tokens, decimal(38,12)

# A price the package gives no start date has held since before any spend costper will see.
EARLY_VALID_FROM = date(2000, 1, 1)

# The package's provider ids where costper's differ (costper's ids are what cost lines carry in `provider`).
PROVIDER_IDS = {"azure": "microsoft", "github-copilot": "github"}

# The package's price keys costper prices with, and the seed's token type for each. Only token prices:
# web searches, images and audio are other units, and batch / priority / flex variants and long-context tiers
# are not list price (the seed is standard tier, short context; cost lines of other tiers stay unpriced).
PRICE_KEYS = {
    "input_mtok": "input",
    "output_mtok": "output",
    "cache_read_mtok": "cache_read",
    "cache_write_mtok": "cache_write",
    "cache_write_1h_mtok": "cache_write_1h",
}
# Providers whose cost lines carry a cache TTL on every cache write: their plain cache write is the 5-minute one.
FIVE_MINUTE_CACHE_PROVIDERS = frozenset({"anthropic"})


@dataclass(frozen=True, order=True)
class PriceRow:
    provider: str
    model: str
    token_type: str
    valid_from: date
    usd_per_million_tokens: Decimal
    source: str

    @property
    def key(self) -> tuple[str, str, str, date]:
        return (self.provider, self.model, self.token_type, self.valid_from)

    def csv_row(self) -> list[str]:
        # format 'f': the price's own digits, never an exponent, never through a float
        price = format(self.usd_per_million_tokens, "f")
        return [self.provider, self.model, self.token_type, price, self.valid_from.isoformat(), self.source]


def package_version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(PACKAGE)
    except PackageNotFoundError:
        raise InputError(PACKAGE, "not installed: pip install -e '.[dev]' (pyproject.toml pins it)") from None


def _clause_names(clause: Any) -> Iterator[str]:
    """The names a model match clause accepts as a prefix: starts_with and equals values, through `or`.
    Regex, contains and and-clauses name no prefix, so they add none."""
    from genai_prices import types

    if isinstance(clause, types.ClauseStartsWith):
        yield clause.starts_with
    elif isinstance(clause, types.ClauseEquals):
        yield clause.equals
    elif isinstance(clause, types.ClauseOr):
        for sub in clause.or_:
            yield from _clause_names(sub)


def _dated_prices(model: Any) -> dict[date, Any]:
    """Start date -> ModelPrice. The package uses the last active price, so a later entry with the same start
    wins. Time-of-day prices (off-peak discounts) are not list price and are left out."""
    from genai_prices import types

    if not isinstance(model.prices, list):
        return {EARLY_VALID_FROM: model.prices}
    dated: dict[date, Any] = {}
    for conditional in model.prices:
        constraint = conditional.constraint
        if constraint is None:
            dated[EARLY_VALID_FROM] = conditional.prices
        elif isinstance(constraint, types.StartDateConstraint):
            dated[constraint.start_date] = conditional.prices
    return dated


def _token_prices(provider: str, price: Any) -> Iterator[tuple[str, Decimal]]:
    from genai_prices import types

    for key, token_type in PRICE_KEYS.items():
        value = price.__dict__.get(key)
        if isinstance(value, types.TieredPrices):
            value = value.base  # the short-context price; longer prompts are another tier
        if value is None:
            continue
        if token_type == "cache_write" and provider in FIVE_MINUTE_CACHE_PROVIDERS:
            token_type = "cache_write_5m"
        yield token_type, to_scale(Decimal(value))


def to_scale(price: Decimal) -> Decimal:
    """The price as the seed's decimal(38,12) holds it. A few of the package's values carry a float's noise past
    12 places (0.13999999999999999): they round, half-even, to what the warehouse would store anyway (0.14),
    so the text in the seed is exactly the loaded value. Shorter prices keep their own digits."""
    if price.as_tuple().exponent >= -SCALE:  # type: ignore[operator]
        return price
    return price.quantize(Decimal(1).scaleb(-SCALE), rounding=ROUND_HALF_EVEN).normalize()


def package_rows(providers: Iterable[Any], source: str) -> list[PriceRow]:
    """Every token price of every model of the package, one row per model prefix. A model's own id is a
    prefix; so is each name its match rule accepts, unless another model of the provider claims the same name
    first (a model id before any alias, then package order), so one prefix always names one model."""
    claimed: dict[tuple[str, str], Any] = {}
    for provider in providers:
        pid = PROVIDER_IDS.get(provider.id, provider.id)
        for model in provider.models:
            claimed.setdefault((pid, model.id.lower()), model)
    ids = set(claimed)
    for provider in providers:
        pid = PROVIDER_IDS.get(provider.id, provider.id)
        for model in provider.models:
            for name in _clause_names(model.match):
                claimed.setdefault((pid, name.lower()), model)
    rows = []
    for (pid, name), model in _without_redundant_aliases(claimed, ids).items():
        for valid_from, price in _dated_prices(model).items():
            for token_type, usd in _token_prices(pid, price):
                rows.append(PriceRow(pid, name, token_type, valid_from, usd, source))
    return rows


def _without_redundant_aliases(
    claimed: dict[tuple[str, str], Any], ids: set[tuple[str, str]]
) -> dict[tuple[str, str], Any]:
    """Drop an alias whose longest shorter prefix already names the same model (gpt-5-2025-08-07 under gpt-5):
    the lookup (longest prefix) prices every name exactly as with it, and the seed stays small enough to load
    fast on Spark too. Shortest first, so each alias is judged against the prefixes that stay."""
    kept = {key: model for key, model in claimed.items() if key in ids}
    for key in sorted((k for k in claimed if k not in ids), key=lambda k: (k[0], len(k[1]), k[1])):
        pid, name = key
        longest = next((name[:n] for n in range(len(name) - 1, 0, -1) if (pid, name[:n]) in kept), None)
        if longest is None or kept[pid, longest] is not claimed[key]:
            kept[key] = claimed[key]
    return kept


def read_overrides(path: Path) -> list[PriceRow]:
    """Hand-kept prices: provider, model, token_type, usd_per_million_tokens, valid_from (all required)."""
    if not path.exists():
        return []
    rows = []
    with path.open(newline="") as f:
        reader = csv.DictReader(f)
        missing = [c for c in COLUMNS[:-1] if c not in (reader.fieldnames or [])]
        if missing:
            raise InputError(path, f"missing column {missing[0]!r} (needs {', '.join(COLUMNS[:-1])})")
        for line, record in enumerate(reader, start=2):
            values = {c: (record[c] or "").strip() for c in COLUMNS[:-1]}
            for column, value in values.items():
                if not value:
                    raise InputError(path, "empty", row=line, field=column)
            try:
                valid_from = date.fromisoformat(values["valid_from"])
            except ValueError:
                raise InputError(path, "not a date (YYYY-MM-DD)", row=line, field="valid_from") from None
            try:
                price = Decimal(values["usd_per_million_tokens"])  # the text, never a float
            except InvalidOperation:
                raise InputError(path, "not a number", row=line, field="usd_per_million_tokens") from None
            if not price.is_finite() or price < 0:
                raise InputError(path, "not a non-negative price", row=line, field="usd_per_million_tokens")
            if price.as_tuple().exponent < -SCALE:  # type: ignore[operator]
                raise InputError(path, f"more than {SCALE} decimal places", row=line, field="usd_per_million_tokens")
            rows.append(PriceRow(
                values["provider"].lower(), values["model"].lower(), values["token_type"], valid_from, price,
                OVERRIDE_SOURCE,
            ))  # fmt: skip
    return rows


def merge(package: Iterable[PriceRow], overrides: Iterable[PriceRow]) -> list[PriceRow]:
    """One row per provider, model, token type and start date, the override winning; sorted. A row that only
    repeats the price in force before it (the package dates a model's whole price list when one of its token
    types changes) is left out: it changes no lookup, and the seed's rows are then its price changes."""
    by_key = {row.key: row for row in package}
    by_key.update({row.key: row for row in overrides})
    rows: list[PriceRow] = []
    for row in sorted(by_key.values(), key=lambda r: r.key):
        previous = rows[-1] if rows else None
        same_price = previous is not None and previous.usd_per_million_tokens == row.usd_per_million_tokens
        if same_price and previous is not None and previous.key[:3] == row.key[:3]:
            continue
        rows.append(row)
    return rows


def render(rows: Iterable[PriceRow]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    writer.writerows(row.csv_row() for row in rows)
    return out.getvalue().encode()


def refresh(seed: Path = SEED_PATH, overrides: Path = OVERRIDES_PATH) -> tuple[int, int, str]:
    """Regenerate the seed; returns (rows, override rows, source). Writes only when the bytes change."""
    from genai_prices.data import providers

    source = f"{PACKAGE} {package_version()}"
    kept = read_overrides(overrides)
    rows = merge(package_rows(providers, source), kept)
    data = render(rows)
    if not seed.exists() or seed.read_bytes() != data:
        seed.write_bytes(data)
    return len(rows), sum(r.source == OVERRIDE_SOURCE for r in rows), source
