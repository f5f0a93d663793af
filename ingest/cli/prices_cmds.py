"""`costper prices refresh`: regenerate seeds/model_prices.csv from the genai-prices package (README "Prices")."""

from __future__ import annotations

from pathlib import Path

import click

from ingest import prices
from ingest.cli._group import cli


@cli.group("prices")
def prices_group() -> None:
    """The model price seed: list prices per model and token type, effective-dated."""


@prices_group.command("refresh")
@click.option(
    "--seed",
    type=click.Path(dir_okay=False, path_type=Path),
    default=prices.SEED_PATH,
    show_default=True,
    help="Seed file to write.",
)
@click.option(
    "--overrides",
    type=click.Path(dir_okay=False, path_type=Path),
    default=prices.OVERRIDES_PATH,
    show_default=True,
    help="Hand-kept prices that win over the package's (source 'costper').",
)
def refresh_command(seed: Path, overrides: Path) -> None:
    """Regenerate the model price seed from the installed genai-prices package plus the overrides.

    Each price keeps its start date from the package (valid_from); one without a start date starts 2000-01-01,
    never today, so a refresh never reprices old spend. The same package version writes the same bytes.
    Run `costper build` afterwards to load it.

    Example: costper prices refresh
    """
    rows, kept, source = prices.refresh(seed=seed, overrides=overrides)
    click.echo(f"wrote {rows} prices to {seed} ({source}; {kept} from {overrides.name})")
