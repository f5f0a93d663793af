"""`costper prices refresh`: the model price seed generated from genai-prices, exact, effective-dated, reproducible.

One `dbt seed` loads the committed seed into a scratch warehouse as dbt does for every build; the price lookup of
int_cost__unified (longest model prefix, latest valid_from on or before the charge date) then runs on it.
"""

from __future__ import annotations

import csv
import re
import tomllib
from datetime import date
from decimal import Decimal
from importlib.metadata import version
from pathlib import Path

import pytest
from conftest import PROJECT_DIR, query, run_cli
from genai_prices import types

from ingest import dbt, prices, warehouse
from ingest.errors import InputError

SEED = PROJECT_DIR / "seeds" / "model_prices.csv"
SOURCE = f"genai-prices {version('genai-prices')}"

# The hand-typed seed this one replaced: the demo bills at these prices, and its pinned figures depend on them.
HAND_TYPED = """\
anthropic,claude-opus-4-1,input,15.00|output,75.00|cache_read,1.50|cache_write_5m,18.75|cache_write_1h,30.00
anthropic,claude-sonnet-4-5,input,3.00|output,15.00|cache_read,0.30|cache_write_5m,3.75|cache_write_1h,6.00
anthropic,claude-haiku-4-5,input,1.00|output,5.00|cache_read,0.10|cache_write_5m,1.25|cache_write_1h,2.00
openai,gpt-5,input,1.25|cache_read,0.125|output,10.00
openai,gpt-5-mini,input,0.25|cache_read,0.025|output,2.00
openai,gpt-4.1,input,2.00|cache_read,0.50|output,8.00
openai,gpt-4.1-mini,input,0.40|cache_read,0.10|output,1.60"""
DEMO_NAMES = {  # the names the demo's cost and usage files use for those models
    "claude-opus-4-1": ["claude-opus-4-1", "claude-opus-4-1-20250805"],
    "claude-sonnet-4-5": ["claude-sonnet-4-5", "claude-sonnet-4-5-20250929"],
    "claude-haiku-4-5": ["claude-haiku-4-5", "claude-haiku-4-5-20251001"],
    "gpt-5": ["gpt-5", "gpt-5-2025-08-07"],
    "gpt-5-mini": ["gpt-5-mini", "gpt-5-mini-2025-08-07"],
    "gpt-4.1": ["gpt-4.1"],
    "gpt-4.1-mini": ["gpt-4.1-mini", "gpt-4.1-mini-2025-04-14"],
}

# int_cost__unified's price lookup (price_candidates, prices_on_charge_date) on keys given as a VALUES list.
LOOKUP = """
with keys as (select * from (values {values}) as k (provider, model_name, price_token_type, charge_date)),
candidates as (
    select keys.*, p.usd_per_million_tokens, p.valid_from,
           rank() over (partition by keys.provider, keys.model_name, keys.price_token_type, keys.charge_date
                        order by length(p.model) desc) as prefix_rank
    from keys inner join {table} as p
      on keys.provider = p.provider and keys.price_token_type = p.token_type
     and keys.model_name like p.model || '%' and cast(keys.charge_date as date) >= p.valid_from),
ranked as (
    select *, row_number() over (partition by provider, model_name, price_token_type, charge_date
                                 order by valid_from desc) as recency_rank
    from candidates where prefix_rank = 1)
select provider, model_name, price_token_type, charge_date, usd_per_million_tokens from ranked
where recency_rank = 1 order by all"""


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """The committed seed loaded by `dbt seed` (its column_types: decimal(38,12), date) into a scratch warehouse."""
    db = tmp_path_factory.mktemp("prices") / "prices.duckdb"
    with warehouse.connect(db):  # every raw table, empty: dbt's on-run-start requires them
        pass
    assert dbt.run("seed", db, args=("--quiet", "--select", "model_prices")) == 0
    [(schema,)] = query(db, "select table_schema from information_schema.tables where table_name = 'model_prices'")
    return db, f"{schema}.model_prices"


def lookup(seeded: tuple[Path, str], keys: list[tuple[str, str, str, str]]) -> dict[tuple[str, ...], Decimal]:
    db, table = seeded
    values = ", ".join(f"('{p}', '{m}', '{t}', '{d}')" for p, m, t, d in keys)
    return {tuple(r[:4]): r[4] for r in query(db, LOOKUP.format(values=values, table=table))}


def test_the_committed_seed_is_what_refresh_writes_with_the_pinned_package(tmp_path: Path) -> None:
    pins = tomllib.loads((PROJECT_DIR / "pyproject.toml").read_text())["project"]["dependencies"]
    assert f"genai-prices=={version('genai-prices')}" in pins  # pinned exactly: the version decides the bytes
    out = tmp_path / "model_prices.csv"
    result = run_cli("prices", "refresh", "--seed", out)
    assert result.exit_code == 0, result.output
    assert out.read_bytes() == SEED.read_bytes()


def test_refresh_is_deterministic(tmp_path: Path) -> None:
    first, second = tmp_path / "a.csv", tmp_path / "b.csv"
    prices.refresh(seed=first)
    prices.refresh(seed=second)
    assert first.read_bytes() == second.read_bytes()
    rows = list(csv.DictReader(first.open(newline="")))
    keys = [(r["provider"], r["model"], r["token_type"], r["valid_from"]) for r in rows]
    assert keys == sorted(keys) and len(set(keys)) == len(keys)


def test_the_seed_records_the_package_version_and_exact_decimal_prices(seeded: tuple[Path, str]) -> None:
    with SEED.open(newline="") as f:
        rows = list(csv.DictReader(f))
    assert list(rows[0]) == ["provider", "model", "token_type", "usd_per_million_tokens", "valid_from", "source"]
    assert {r["source"] for r in rows} <= {SOURCE, "costper"} and any(r["source"] == SOURCE for r in rows)
    assert all(re.fullmatch(r"\d+(\.\d+)?", r["usd_per_million_tokens"]) for r in rows)  # text, no exponent
    assert {r["token_type"] for r in rows} <= {"input", "output", "cache_read", "cache_write", "cache_write_5m",
                                               "cache_write_1h"}  # fmt: skip
    db, table = seeded
    [(count, typ)] = query(db, f"select count(*), any_value(typeof(usd_per_million_tokens)) from {table}")
    assert (count, typ) == (len(rows), "DECIMAL(38,12)")
    # every price loads to the digit it has as text: no float on the way in
    loaded = {(p, m, t, str(v)): d for p, m, t, v, d in query(db, f"select provider, model, token_type, valid_from, "
                                                                  f"usd_per_million_tokens from {table}")}  # fmt: skip
    assert all(loaded[r["provider"], r["model"], r["token_type"], r["valid_from"]]
               == Decimal(r["usd_per_million_tokens"]) for r in rows)  # fmt: skip


def test_the_demo_models_keep_the_hand_typed_prices_on_every_demo_day(seeded: tuple[Path, str]) -> None:
    expected = {}
    for line in HAND_TYPED.splitlines():
        provider, model, first = line.split(",", 2)
        for piece in first.split("|"):
            token_type, price = piece.split(",")
            for name in DEMO_NAMES[model]:
                for day in ("2026-08-01", "2026-10-31"):
                    expected[provider, name, token_type, day] = Decimal(price)
    assert lookup(seeded, list(expected)) == expected


def test_a_later_price_never_reprices_an_earlier_charge_date(seeded: tuple[Path, str]) -> None:
    """genai-prices 0.2.3 dates a cut of gpt-5.6-sol (Bedrock) to 2026-08-21: the day before keeps the old price."""
    keys = [("aws", "openai.gpt-5.6-sol", t, d) for t in ("input", "output") for d in ("2026-08-20", "2026-08-21")]
    assert lookup(seeded, keys) == {
        ("aws", "openai.gpt-5.6-sol", "input", "2026-08-20"): Decimal("5.5"),
        ("aws", "openai.gpt-5.6-sol", "input", "2026-08-21"): Decimal("4.4"),
        ("aws", "openai.gpt-5.6-sol", "output", "2026-08-20"): Decimal("33"),
        ("aws", "openai.gpt-5.6-sol", "output", "2026-08-21"): Decimal("22"),
    }


def _provider(*conditional: types.ConditionalPrice) -> types.Provider:
    names = ["m-1", "m-1-2026-01-01", "M.One"]  # the id, a dated name under it, another spelling
    match = types.ClauseOr(or_=[types.ClauseStartsWith(starts_with=names[0]), types.ClauseEquals(equals=names[1]),
                                types.ClauseStartsWith(starts_with=names[2])])  # fmt: skip
    model = types.ModelInfo(id="m-1", match=match, prices=list(conditional))
    return types.Provider(id="azure", name="Azure", api_pattern="x", models=[model])


def test_a_new_package_price_adds_a_dated_row_and_leaves_the_old_one() -> None:
    old = types.ConditionalPrice(prices=types.ModelPrice(input_mtok=Decimal("3"), cache_write_mtok=Decimal("3.75")))
    cut = types.ConditionalPrice(
        constraint=types.StartDateConstraint(start_date=date(2026, 12, 1)),
        prices=types.ModelPrice(input_mtok=types.TieredPrices(base=Decimal("2"), tiers=[])),
    )
    before = prices.package_rows([_provider(old)], "genai-prices 1")
    after = prices.package_rows([_provider(old, cut)], "genai-prices 2")
    start = prices.EARLY_VALID_FROM  # no start date: a fixed early date, not the day of the refresh
    # m-1-2026-01-01 is priced by its prefix m-1 (the same model) exactly as by a row of its own: left out
    assert sorted((r.provider, r.model, r.token_type, r.valid_from, r.usd_per_million_tokens) for r in after) == [
        ("microsoft", "m-1", "cache_write", start, Decimal("3.75")),
        ("microsoft", "m-1", "input", start, Decimal("3")),
        ("microsoft", "m-1", "input", date(2026, 12, 1), Decimal("2")),
        ("microsoft", "m.one", "cache_write", start, Decimal("3.75")),
        ("microsoft", "m.one", "input", start, Decimal("3")),
        ("microsoft", "m.one", "input", date(2026, 12, 1), Decimal("2")),
    ]
    assert {r.key: r.usd_per_million_tokens for r in before} == {
        r.key: r.usd_per_million_tokens for r in after if r.valid_from == start
    }


def test_a_dated_price_that_repeats_the_one_in_force_adds_no_row() -> None:
    same = types.ConditionalPrice(
        constraint=types.StartDateConstraint(start_date=date(2026, 12, 1)),
        prices=types.ModelPrice(input_mtok=Decimal("3"), cache_write_mtok=Decimal("3.5")),
    )
    old = types.ConditionalPrice(prices=types.ModelPrice(input_mtok=Decimal("3"), cache_write_mtok=Decimal("3.75")))
    rows = prices.merge(prices.package_rows([_provider(old, same)], "genai-prices 2"), [])
    assert [(r.model, r.token_type, r.valid_from) for r in rows if r.model == "m-1"] == [
        ("m-1", "cache_write", prices.EARLY_VALID_FROM), ("m-1", "cache_write", date(2026, 12, 1)),
        ("m-1", "input", prices.EARLY_VALID_FROM),
    ]  # fmt: skip


def test_overrides_win_for_the_same_key_and_add_what_the_package_lacks(tmp_path: Path) -> None:
    overrides = tmp_path / "overrides.csv"
    overrides.write_text(
        "provider,model,token_type,usd_per_million_tokens,valid_from\n"
        "anthropic,claude-sonnet-4-5,input,2.900000000001,2000-01-01\n"
        "Acme,Acme-1,output,0.1,2026-01-01\n"
    )
    seed = tmp_path / "seed.csv"
    _, kept, _ = prices.refresh(seed=seed, overrides=overrides)
    rows = {(r["provider"], r["model"], r["token_type"], r["valid_from"]): r for r in csv.DictReader(seed.open())}
    assert kept == 2
    assert rows["anthropic", "claude-sonnet-4-5", "input", "2000-01-01"]["usd_per_million_tokens"] == "2.900000000001"
    assert rows["anthropic", "claude-sonnet-4-5", "input", "2000-01-01"]["source"] == "costper"
    assert rows["acme", "acme-1", "output", "2026-01-01"]["source"] == "costper"
    assert rows["anthropic", "claude-sonnet-4-5", "output", "2000-01-01"]["source"] == SOURCE


def test_a_bad_override_is_one_line_naming_row_and_field(tmp_path: Path) -> None:
    overrides = tmp_path / "overrides.csv"
    overrides.write_text("provider,model,token_type,usd_per_million_tokens,valid_from\nopenai,x,input,1e-3x,2026-01-01\n")
    with pytest.raises(InputError, match=r'overrides.csv: row 2: field "usd_per_million_tokens": not a number'):
        prices.read_overrides(overrides)
    result = run_cli("prices", "refresh", "--seed", tmp_path / "seed.csv", "--overrides", overrides)
    assert result.exit_code == 2 and not (tmp_path / "seed.csv").exists()
