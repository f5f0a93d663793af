"""The `costper` group: its options, and how every error becomes one line and an exit code (README "Exit codes").

A scheduler reads the code; a person reads one line on stderr. Only --verbose adds a traceback, and only for
an internal error (a bug in costper, exit 1).
"""

from __future__ import annotations

import traceback
from pathlib import Path

import click

from ingest import lock, warehouse
from ingest.errors import EXIT_BUSY, EXIT_INPUT_ERROR, EXIT_INTERNAL_ERROR, InputError

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

wait_option = click.option(
    "--wait",
    type=click.FloatRange(min=0),
    envvar="COSTPER_WAIT",
    default=lock.DEFAULT_WAIT_SECONDS,
    show_default=True,
    metavar="SECONDS",
    help="While another costper process writes the warehouse, wait this long for it (0: fail at once, exit 4).",
)

_VERBOSE = "costper.verbose"


def is_verbose() -> bool:
    """Whether `costper --verbose ...` (or COSTPER_VERBOSE=1) asked for the details: tracebacks, full logs."""
    ctx = click.get_current_context(silent=True)
    return bool(ctx and ctx.find_root().meta.get(_VERBOSE))


def _one_line(text: str) -> str:
    return " ".join(str(text).split())


class CostperGroup(click.Group):
    """Every error is one line on stderr and an exit code: bad input 2, a busy warehouse 4, a bug 1."""

    def make_context(self, info_name: str | None, args: list[str], parent: click.Context | None = None, **extra):
        try:
            return super().make_context(info_name, args, parent, **extra)
        except click.UsageError as error:  # an unknown global option: as one line too
            if isinstance(error, click.exceptions.NoArgsIsHelpError):
                raise
            click.echo(f"error: {_one_line(error.format_message())} (costper --help)", err=True)
            raise SystemExit(EXIT_INPUT_ERROR) from None

    def invoke(self, ctx: click.Context) -> object:
        try:
            return super().invoke(ctx)
        except (InputError, warehouse.WarehouseMissing) as error:
            click.echo(f"error: {_one_line(str(error))}", err=True)
            ctx.exit(EXIT_INPUT_ERROR)
        except lock.WarehouseBusy as busy:
            click.echo(f"error: {_one_line(str(busy))}", err=True)
            ctx.exit(EXIT_BUSY)
        except (click.exceptions.Exit, click.exceptions.Abort, click.exceptions.NoArgsIsHelpError):
            raise  # --help, --version, ctx.exit(code), Ctrl-C: click's own, not errors (Exit is a RuntimeError)
        except click.UsageError as error:  # click's usage block is many lines; the option's name is enough
            where = error.ctx.command_path if error.ctx else "costper"
            click.echo(f"error: {_one_line(error.format_message())} ({where} --help)", err=True)
            ctx.exit(EXIT_INPUT_ERROR)
        except click.ClickException as error:  # a command refused what it was given
            click.echo(f"error: {_one_line(error.format_message())}", err=True)
            ctx.exit(EXIT_INPUT_ERROR)
        except Exception as error:
            if written := warehouse.write_failure(error) or warehouse.damaged(error):
                click.echo(f"error: {written}", err=True)
                ctx.exit(EXIT_INPUT_ERROR)
            if is_verbose():
                click.echo(traceback.format_exc().rstrip(), err=True)
            first = _one_line(str(error).strip().splitlines()[0] if str(error).strip() else "")
            click.echo(f"internal error: {type(error).__name__}: {first} (rerun with --verbose for the traceback)",
                       err=True)  # fmt: skip
            ctx.exit(EXIT_INTERNAL_ERROR)


def _set_verbose(ctx: click.Context, _param: click.Parameter, value: bool) -> bool:
    ctx.meta[_VERBOSE] = value
    return value


@click.group(cls=CostperGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="costper")
@click.option("--db", type=click.Path(dir_okay=False, path_type=Path), default=None, help=DB_HELP)
@click.option(
    "--verbose",
    is_flag=True,
    envvar="COSTPER_VERBOSE",
    expose_value=False,
    is_eager=True,
    callback=_set_verbose,
    help="Print the details: an internal error's traceback, dbt's full log.",
)
def cli(db: Path | None) -> None:
    """costper: what did each business outcome cost us in AI?

    Load AI bills and outcome exports into DuckDB, build the dbt marts, and read cost per merged PR,
    per resolved issue, by team, model and month, reconciled to the cent.
    """
