"""The `costper` command. Each command only wires library functions together."""

from __future__ import annotations

import re
import sys
from datetime import UTC, datetime
from pathlib import Path

import click
import duckdb

from ingest import dbt, demo, load, raw_parquet, warehouse
from ingest.errors import EXIT_INPUT_ERROR, InputError
from ingest.export.cost_per_outcome import export_cost_per_outcome
from ingest.headline import headline
from ingest.readers import REGISTRY
from ingest.status import format_table, status_report

db_option = click.option(
    "--db",
    type=click.Path(dir_okay=False, path_type=Path),
    envvar="COSTPER_DB",
    default=None,
    help="Warehouse file (DuckDB). Default: $COSTPER_DB, else warehouse/costper.duckdb in the project.",
)


def _natural_order(path: Path) -> list[object]:
    """page2 before page10: numbers in names compare as numbers."""
    return [int(part) if part.isdigit() else part for part in re.split(r"(\d+)", str(path))]


def expand(paths: tuple[Path, ...]) -> list[Path]:
    """Files as given; a directory means every file under it, in natural name order."""
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            found = (p for p in path.rglob("*") if p.is_file() and not p.name.startswith("."))
            files += sorted(found, key=_natural_order)
        else:
            files.append(path)
    return files


def ingest_files(
    db: Path | None, files: list[Path], source: str | None = None, *, per_file: bool = True, expectations: bool = False
) -> int:
    """Load each file in its own transaction; report one line per file (or one in all); 2 if any file was refused."""
    failed, results = 0, []
    with warehouse.connect(db) as con:
        for path in files:
            try:
                results.append(load.load_file(con, path, source=source, expectations=expectations))
            except InputError as error:
                failed += 1
                click.echo(f"error: {error}", err=True)
                continue
            if per_file:
                click.echo(results[-1].summary_line())
    if not per_file:
        new = [r for r in results if r.status == "loaded"]
        rows, bad = sum(r.rows_loaded for r in new), sum(r.rows_quarantined for r in new)
        click.echo(f"ingested {len(new)} new files ({rows:,} rows loaded, {bad:,} quarantined); "
                   f"{len(results) - len(new)} already loaded")  # fmt: skip
    return EXIT_INPUT_ERROR if failed else 0


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
            ctx.exit(1)


@click.group(cls=CostperGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="costper")
def cli() -> None:
    """costper: what did each business outcome cost us in AI?

    Load AI bills and outcome exports into DuckDB, build the dbt marts, and read cost per merged PR,
    per resolved issue, by team, model and month, reconciled to the cent.
    """


@cli.command("ingest")
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option("--source", type=click.Choice(sorted(REGISTRY)), help="Skip format detection and read as this source.")
@click.option(
    "--expectations",
    is_flag=True,
    envvar="COSTPER_EXPECTATIONS",
    help="Also check each file's loaded rows with its source's Great Expectations suite (a sample of a big file).",
)
@db_option
def ingest_command(paths: tuple[Path, ...], source: str | None, expectations: bool, db: Path | None) -> None:
    """Load billing and outcome files (a directory loads every file under it).

    Example: costper ingest exports/anthropic/*.json people.csv
    """
    sys.exit(ingest_files(db, expand(paths), source, expectations=expectations))


@cli.command("build", context_settings={"ignore_unknown_options": True})
@click.option("--as-of", help="Date the rules treat as today (YYYY-MM-DD). Default: today, UTC.")
@click.argument("dbt_args", nargs=-1, type=click.UNPROCESSED)
@db_option
def build_command(as_of: str | None, dbt_args: tuple[str, ...], db: Path | None) -> None:
    """Run `dbt build` (models, seeds, tests) on the warehouse. Other arguments go to dbt.

    Example: costper build --select marts
    """
    path = warehouse.resolve_db(db)
    if not warehouse.has_loaded_files(path):
        click.echo(f"nothing is loaded yet in {path}: run costper ingest first")
        return  # not an error: a scheduled build before the first export has nothing to do
    with warehouse.connect(path):
        pass  # a warehouse made by an older costper gets every registered raw table before dbt reads them all
    as_of = as_of or datetime.now(UTC).date().isoformat()
    sys.exit(dbt.run("build", path, as_of=as_of, args=dbt_args))


@cli.command("status")
@click.option("--quarantine", default=10, show_default=True, help="How many quarantined rows to list.")
@db_option
def status_command(quarantine: int, db: Path | None) -> None:
    """Files loaded per source, rows, periods covered, and quarantined rows.

    Example: costper status --quarantine 50
    """
    with warehouse.connect(db) as con:
        click.echo(status_report(con, quarantine))


@cli.command("formats")
@click.argument("name", required=False, type=click.Choice(sorted(REGISTRY)))
@click.option("--expectations", is_flag=True, help="Print the source's Great Expectations suite as JSON.")
def formats_command(name: str | None, expectations: bool) -> None:
    """The source formats costper reads; with NAME, its raw table, columns, key and contract rules.

    Example: costper formats anthropic_cost --expectations
    """
    if name is None:
        rows = [(s.name, f"raw.{s.raw_table}", s.description) for s in REGISTRY.values()]
        click.echo(format_table(["source", "raw table", "reads"], rows))
        return
    spec = REGISTRY[name]
    if expectations:
        from ingest.validate import suite_json

        click.echo(suite_json(spec))
        return
    click.echo(f"{spec.name}: {spec.description}\nraw table: raw.{spec.raw_table}; natural key: "
               f"{', '.join(spec.natural_key)}; a newer file supersedes by {spec.supersede}")  # fmt: skip
    rows = [
        (c.name, c.type, f"(page) {c.source_path}" if c.ctx else c.source_path, "required" if c.required else "",
         ", ".join(flag for flag, on in (("not null", c.not_null), (">= 0", c.non_negative),
                                          (f"kept to {c.decimals} decimals", c.is_decimal)) if on))
        for c in spec.columns
    ]  # fmt: skip
    click.echo(format_table(["column", "type", "from", "field", "value"], rows))
    for rule in spec.rules:
        click.echo(f"rule: {rule.name}: {rule.sql}")


@cli.command("query")
@click.argument("sql")
@db_option
def query_command(sql: str, db: Path | None) -> None:
    """Run one read-only SQL query on the warehouse and print the result as a table.

    Example: costper query "select * from marts.mart_cost_per_outcome limit 5"
    """
    with warehouse.connect(db, read_only=True) as con:
        try:
            cursor = con.execute(sql)
        except duckdb.Error as error:
            raise click.ClickException(str(error).splitlines()[0]) from error
        click.echo(format_table([d[0] for d in cursor.description], cursor.fetchall()))


@cli.group("export")
def export_group() -> None:
    """Write CSV exports from the marts."""


@export_group.command("cost-per-outcome")
@click.option("--month", required=True, help="Month to export, YYYY-MM.")
@click.option("--out", required=True, type=click.Path(dir_okay=False, path_type=Path), help="CSV file to write.")
@db_option
def export_cost_per_outcome_command(month: str, out: Path, db: Path | None) -> None:
    """Cost per outcome by team and outcome type for one month; cents sum to the month's total.

    Example: costper export cost-per-outcome --month 2026-10 --out exports/cost_per_outcome_2026-10.csv
    """
    with warehouse.connect(db) as con:
        rows = export_cost_per_outcome(con, month, out)
    click.echo(f"wrote {rows} rows to {out}")


@cli.command("export-raw")
@click.option("--parquet", "out_dir", required=True, type=click.Path(file_okay=False, path_type=Path),
              help="Directory to write: one Hive-partitioned Parquet directory per raw table.")  # fmt: skip
@db_option
def export_raw_command(out_dir: Path, db: Path | None) -> None:
    """Write every raw table as Parquet partitioned by day, for Spark or another engine to build the marts from.

    Example: costper export-raw --parquet exports/raw
    """
    with warehouse.connect(db) as con:  # for writing: every source's raw table exists, empty or not
        for table in raw_parquet.export_raw_parquet(con, out_dir):
            click.echo(table.summary_line())


@cli.command("demo")
@click.option(
    "--data-dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Where to write the demo's provider files. Default: demo-data/ in the project.",
)
@click.option("--seed", default=demo.DEFAULT_SEED, show_default=True, help="Random seed of the demo organisation.")
@click.option(
    "--exports-dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Where to write the demo's CSV export. Default: exports/ in the project.",
)
@db_option
def demo_command(data_dir: Path | None, seed: int, exports_dir: Path | None, db: Path | None) -> None:
    """Generate a realistic organisation's AI bills and outcomes, ingest, build, print the headline.

    Example: costper demo --db /tmp/demo.duckdb
    """
    data_dir = data_dir or warehouse.PROJECT_DIR / "demo-data"
    files = demo.generate(data_dir, seed)
    click.echo(f"generated {len(files)} files in {data_dir}")
    if code := ingest_files(db, files, per_file=False):
        sys.exit(code)
    if code := dbt.run("build", warehouse.resolve_db(db), as_of=demo.DEMO_AS_OF, args=("--quiet",)):
        sys.exit(code)
    click.echo(dbt.run_summary())
    with warehouse.connect(db) as con:
        click.echo("\n" + headline(con))
        month = demo.DEMO_MONTHS[-1]
        out = (exports_dir or warehouse.PROJECT_DIR / "exports") / f"cost_per_outcome_{month}.csv"
        export_cost_per_outcome(con, month, out)
    click.echo(f"\nexport: {out}")


def main() -> None:
    cli.main()  # click exits 2 on usage errors; CostperGroup turns bad input into one line and exit 2
