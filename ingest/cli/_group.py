"""The `costper` group: its options, and how every error becomes one line and an exit code."""

from __future__ import annotations

from pathlib import Path

import click

from ingest import warehouse
from ingest.errors import EXIT_BUSY, EXIT_INPUT_ERROR, InputError

DB_HELP = "Warehouse file (DuckDB). Default: $COSTPER_DB, else warehouse/costper.duckdb in the project."


def _db_from_group(ctx: click.Context, param: click.Parameter, value: Path | None) -> Path | None:
    """`costper --db X status` and `costper status --db X` mean the same; the one nearer the command wins, and
    either beats $COSTPER_DB."""
    if ctx.get_parameter_source(param.name or "db") is click.core.ParameterSource.COMMANDLINE:
        return value
    return ctx.find_root().params.get("db") or value


db_option = click.option(
    "--db",
    type=click.Path(dir_okay=False, path_type=Path),
    envvar="COSTPER_DB",
    default=None,
    callback=_db_from_group,
    help=DB_HELP,
)


class CostperGroup(click.Group):
    """Bad input anywhere is one line on stderr and exit code 2 (a busy warehouse: one line, exit 1), for cron
    and orchestrators."""

    def invoke(self, ctx: click.Context) -> object:
        try:
            return super().invoke(ctx)
        except InputError as error:
            click.echo(f"error: {error}", err=True)
            ctx.exit(EXIT_INPUT_ERROR)
        except warehouse.WarehouseBusy as busy:
            click.echo(f"error: {busy}", err=True)
            ctx.exit(EXIT_BUSY)


@click.group(cls=CostperGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="costper")
@click.option("--db", type=click.Path(dir_okay=False, path_type=Path), default=None, help=DB_HELP)
def cli(db: Path | None) -> None:
    """costper: what did each business outcome cost us in AI?

    Load AI bills and outcome exports into DuckDB, build the dbt marts, and read cost per merged PR,
    per resolved issue, by team, model and month, reconciled to the cent.
    """
